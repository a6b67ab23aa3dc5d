-- Network address types (inet, cidr, macaddr, macaddr8), bit strings
-- (bit(n), bit varying(n)), tid and xml: input normalisation and errors,
-- casts, operators and functions, and their use as column types with
-- PostgreSQL's ordering in sorts, indexes and unique constraints.

-- inet and cidr input and output.
select '10.1.2.3/8'::inet, '10.1.2.3/32'::inet, '10.1.2.3'::inet, '10.0.0.0/8'::cidr, '10/8'::cidr, '10.1'::cidr, '192.168'::cidr, '224'::cidr;
select '::1'::inet, '::ffff:1.2.3.4/120'::inet, '::1.2.3.4'::inet, '1:0:0:2:0:0:0:3'::inet, 'A:B::C'::inet, '1::/16'::cidr, '::/0'::cidr;
select '010.1.2.3'::inet, '1.2.3.4/08'::inet, '10.1.2/24'::inet;
select '10.1.2'::inet;
select '10.1.2.3/33'::inet;
select ' 10.1.2.3'::inet;
select '10.0.0.1/8'::cidr;
select 'xx'::cidr;
select pg_typeof('1.2.3.4'::inet), pg_typeof('1.2.3.0/24'::cidr);

-- Casts and text.
select '1.2.3.4/32'::cidr::inet, '1.2.3.4/24'::inet::cidr, '1.2.3.4'::inet::text, text('1.2.3.4'::inet), '10.0.0.0/8'::cidr::text;
select '10.1.2.3/8'::text::inet, '10.0.0.0/8'::varchar::cidr;

-- Functions.
select host('10.1.2.3/8'), masklen('10.1.2.3/8'), family('::1'), family('1.2.3.4');
select network('10.1.2.3/8'), broadcast('10.1.2.3/8'), netmask('10.1.2.3/8'::inet), hostmask('10.1.2.3/8'::inet);
select network('2001:db8::1/32'), broadcast('2001:db8::1/120'), netmask('2001:db8::1/64'::inet);
select set_masklen('10.1.2.3/8'::inet, 16), set_masklen('10.1.2.3/8'::inet, -1), set_masklen('10.1.0.0/16'::cidr, 8);
select set_masklen('10.1.2.3/8'::inet, 40);
select abbrev('10.1.0.0/16'::cidr), abbrev('0.0.0.0/0'::cidr), abbrev('10.1.2.0/23'::cidr), abbrev('2001:db8::/32'::cidr), abbrev('::/0'::cidr), abbrev('10.1.2.3/8'::inet);
select inet_same_family('1.2.3.4', '::1'), inet_merge('192.168.1.5/24', '192.168.2.5/24');
select '1.2.3.4'::inet + 10, '1.2.3.4'::inet - 10, '1.2.3.4'::inet - '1.2.3.0'::inet, ~'1.2.3.4'::inet, '1.2.3.4'::inet & '255.255.0.0', '1.2.3.4'::inet | '0.0.255.255';
select '255.255.255.255'::inet + 1;
select '1.2.3.4'::inet & '::1';

-- Containment and overlap.
select '10.1.2.3/16'::inet << '10.0.0.0/8', '10.0.0.0/8'::inet << '10.0.0.0/8', '10.0.0.0/8'::inet <<= '10.0.0.0/8';
select '10.0.0.0/8'::cidr >> '10.1.2.3', '10.0.0.0/8'::cidr >>= '10.0.0.0/8', '10.0.0.0/8'::inet && '10.1.0.0/16', '10.0.0.0/16'::inet && '10.1.0.0/16';
select '::1'::inet << '::/0', '1.2.3.4'::inet << '::/0';

-- macaddr and macaddr8.
select '08-00-2B-01-02-03'::macaddr, '08002b:010203'::macaddr, '0800.2b01.0203'::macaddr, '08002b010203'::macaddr;
select '08:00:2b:01:02:03:04:05'::macaddr8, '08:00:2b:01:02:03'::macaddr8, '0800.2b01.0203.0405'::macaddr8;
select '8:0:2b:1:2:3'::macaddr, ' 08:00:2b:01:02:03 '::macaddr, '08-00-2b:01:02:03'::macaddr, '08002b-010203'::macaddr, '0800-2b01-0203'::macaddr;
select '8:0:2b:1:2:3:4:5'::macaddr8, '08002b:0102030405'::macaddr8, '0800:2b01:0203:0405'::macaddr8, ' 08002b0102030405 '::macaddr8;
select '08:00:2b:01:02:0304'::macaddr;
select '0800:2b01:0203'::macaddr;
select '08.00.2b.01.02.03'::macaddr;
select '08:00:2b:01:02:03:04:05:06'::macaddr8;
select '08002b01020304 05'::macaddr8;
select 'xx'::macaddr;
select '08:00:2b:01:02:03:04'::macaddr8;
select trunc('12:34:56:78:90:ab'::macaddr), trunc('12:34:56:78:90:ab:cd:ef'::macaddr8), macaddr8_set7bit('00:34:56:ab:cd:ef'::macaddr8);
select '12:34:56:78:90:ab'::macaddr::macaddr8, '12:34:56:ff:fe:ab:cd:ef'::macaddr8::macaddr;
select '12:34:56:00:fe:ab:cd:ef'::macaddr8::macaddr;
select ~'12:34:56:78:90:ab'::macaddr, '12:34:56:78:90:ab'::macaddr & 'ff:ff:ff:00:00:00', '12:34:56:78:90:ab'::macaddr | '00:00:00:ff:ff:ff';

-- Network columns: ordering, indexes, unique constraints, aggregates.
create table hosts (id int primary key, addr inet, net cidr, mac macaddr, mac8 macaddr8);
insert into hosts values
  (1, '10.1.2.3/8', '10.0.0.0/8', '08:00:2b:01:02:03', '08:00:2b:01:02:03:04:05'),
  (2, '10.1.2.3', '10.1.0.0/16', '08:00:2b:01:02:04', '08:00:2b:01:02:03:04:06'),
  (3, '::1', '::/0', '00:00:2b:01:02:04', '00:00:2b:01:02:03:04:06'),
  (4, '10.0.0.0/8', '9.0.0.0/8', null, null),
  (5, '9.255.255.255', '10.0.0.0/7', null, null),
  (6, '10.0.0.0/16', '192.168.0.0/16', 'ff:ff:ff:ff:ff:ff', null),
  (7, '10.0.128.0/17', '2001:db8::/32', null, null);
insert into hosts (id, addr) values (8, 'nonsense');
select id, addr from hosts order by addr;
select id, addr from hosts order by addr desc;
select id, net from hosts order by net;
select id, mac, mac8 from hosts order by mac, mac8;
select id from hosts where addr << '10.0.0.0/8' order by id;
select id from hosts where addr <<= '10.0.0.0/8' order by id;
select id from hosts where net >> '10.1.2.3' order by id;
select min(addr), max(addr), min(net), max(net) from hosts;
select family(addr), count(*) from hosts group by 1 order by 1;
select array_agg(addr order by addr) from hosts;
create index hosts_addr on hosts (addr);
select id, addr from hosts where addr > '10.0.0.0/8' order by addr;
select id, addr from hosts where addr = '10.1.2.3' order by addr;
create unique index hosts_net on hosts (net);
insert into hosts (id, net) values (9, '10.0.0.0/8');
update hosts set addr = set_masklen(addr, 24) where family(addr) = 4 and masklen(addr) < 24 returning id, addr;
select '{10.1.2.3/8,::1}'::inet[], '{10.0.0.0/8}'::cidr[], array['08:00:2b:01:02:03'::macaddr];
drop table hosts;

-- Bit strings: literals, input, typmods.
select B'101', X'1F', B'', pg_typeof(B'101'), pg_typeof(X'1F');
select '101'::bit(3), '101'::varbit, 'x1f'::bit(8), 'B101'::varbit;
select '10101'::bit(3), B'10101'::bit(3), B'1'::bit(3), '1'::bit(3), B'10101'::varbit(3), '10101'::text::bit(3);
select '2'::bit;
select 'x1g'::varbit;
select 5::bit, 5::bit(8), (-5)::bit(40), 5::int8::bit(70), B'1111'::int4, B'1111'::int8, X'FFFFFFFF'::int4;
select B'111111111111111111111111111111111'::int4;
select B'1010'::text, B'1010'::varchar, B'101'::bit varying;

-- Bit string operators and functions.
select B'101' || B'11', pg_typeof(B'101' || B'11'), B'1010' & B'0110', B'1010' | B'0110', B'1010' # B'0110', ~B'1010';
select B'101' & B'11';
select B'101' | B'11';
select B'101' # B'11';
select B'1010' << 1, B'1010' >> 1, B'1010' << -1, B'1010' >> -1, B'1010' << 10;
select length(B'1010'), bit_length(B'1010'), octet_length(B'101010101'), bit_count(B'1011');
select get_bit(B'1010', 2), set_bit(B'1010', 1, 1), substring(B'101011' from 2 for 3), substring(B'1010' from 3), position(B'11' in B'10110');
select overlay(B'1010101' placing B'11' from 2), overlay(B'1010101' placing B'000' from 2 for 1);
select get_bit(B'1010', 5);
select set_bit(B'1010', 0, 2);
select substring(B'1010' from 1 for -1);
select B'10' < B'100', B'11' > B'100', B'101' = B'101', B'101'::varbit = B'101', bitcmp(B'10', B'01') > 0, bitcmp(B'10', B'100') < 0;

-- Bit string columns.
create table flags (id int, b bit(4), v varbit(6));
insert into flags values (1, B'1010', B'101'), (2, B'0101', B'1'), (3, B'0001', B''), (4, '1111', '111111'), (5, null, null);
insert into flags (id, b) values (6, B'101');
insert into flags (id, b) values (6, '101');
insert into flags (id, v) values (6, B'1010101');
insert into flags (id, b) values (6, 5::bit(4));
select * from flags order by b, id;
select * from flags order by v desc, id;
select id, b & B'1100', v || B'0' from flags order by id;
create index flags_v on flags (v);
select id from flags where v > B'1' order by id;
select b, count(*) from flags group by b order by b;
select column_name, data_type, character_maximum_length from information_schema.columns where table_name = 'flags' order by ordinal_position;
select format_type(atttypid, atttypmod) from pg_attribute where attrelid = 'flags'::regclass and attnum > 0 order by attnum;
drop table flags;

-- tid.
select '(0,1)'::tid, '(4294967295,65535)'::tid, '( 1, 2)'::tid, '(1,2) '::tid;
select '(-1,-1)'::tid;
select '(1,65536)'::tid;
select '(0,2)'::tid < '(0,10)'::tid, '(1,1)'::tid > '(0,10)'::tid, '(0,1)'::tid = '(0,1)';
create table tids (t tid);
insert into tids values ('(0,10)'), ('(1,1)'), ('(0,2)'), (null);
select t from tids order by t;
select max(t), min(t) from tids;
drop table tids;

-- xml.
select '<a/>'::xml, 'abc<a/>def<b/>'::xml, ''::xml, '<!DOCTYPE a><a/>'::xml;
select '<?xml version="1.0"?><Root></Root>'::xml, '<?xml version="1.0" encoding="UTF-8"?><a/>'::xml;
select '<?xml version="1.0" standalone="yes"?><a/>'::xml, '<?xml version="1.1"?><a/>'::xml;
-- @messages off
select '<a>'::xml;
select '<a x=1/>'::xml;
select '&foo;'::xml;
select '<a></b>'::xml;
-- @messages on
select '<a/>'::xml::text, '<a>x</a>'::text::xml;
create table docs (id int, body xml);
insert into docs values (1, '<a>1</a>'), (2, 'text only');
select * from docs order by id;
create index on docs (body);
drop table docs;

-- numeric at the edges of its range.
select length(('1' || repeat('0', 131071))::numeric::text), length(('0.' || repeat('0', 16382) || '1')::numeric::text);
select ('1' || repeat('0', 131072))::numeric;
select ('0.' || repeat('0', 16383) || '1')::numeric;
select length('1e131071'::numeric::text), '1e-16383'::numeric > 0;
select '1e131072'::numeric;
select '1e-16384'::numeric;

-- tsvector: normalisation (sorted, unique lexemes; sorted, unique
-- positions with the highest weight), quoting and escapes, errors,
-- ordering, and the functions that need no text search configuration.
select 'fat cat'::tsvector, 'z y x w a:3 a:2 a:3A'::tsvector, 'a:1A,2b,3*,4d'::tsvector, 'a:1,2,3 b:20000'::tsvector;
select $$'D\'Artagnan' 'cats\'' 'don\'t'$$::tsvector, $$'a:b' 'c,d'$$::tsvector, $$'AB\\\c' '\\as' 'ab\\\\c' 'ab\\c' 'abc'$$::tsvector;
select ''::tsvector, '  ''fat''  '::tsvector, 'ab''c d'::tsvector, ':1'::tsvector, 'a:1 :2'::tsvector, 'café naïve 日本語'::tsvector;
select 'a:1x'::tsvector;
select 'a:'::tsvector;
select 'a:0'::tsvector;
select '''a'::tsvector;
select length('a b:1 c'::tsvector), strip('a:1A b:2 c'::tsvector), setweight('a:1A b:2 c'::tsvector, 'b'), tsvector_to_array('b a c'::tsvector);
select 'a:1 b:2'::tsvector || 'b:1 c:3'::tsvector, 'a b'::tsvector || 'b:1 c'::tsvector, 'a:16383'::tsvector || 'a:5 b:1A'::tsvector, 'a:1 x:7B'::tsvector || 'a:1B';
select 'a b'::tsvector = 'b a'::tsvector, 'ab'::tsvector < 'b'::tsvector, 'a:1'::tsvector < 'a'::tsvector, 'a:1A'::tsvector < 'a:1'::tsvector, 'a:1,2'::tsvector < 'a:1'::tsvector;
create table docs (id int, v tsvector);
insert into docs values (1, 'b a:1'), (2, 'a'), (3, 'ab'), (4, 'a:1,2'), (5, 'a:1A'), (6, null), (7, 'b'), (8, 'a:2');
select id, v from docs order by v, id;
create index docs_v on docs (v);
select id from docs where v > 'a:1' order by v;
select v, count(*) from docs group by v order by v;
drop table docs;

-- Bitwise aggregates over integers and bit strings; xml predicates.
select bit_and(x), bit_or(x), bit_xor(x) from (values (B'101'), (B'110'), (null)) v(x);
select bit_and(x) from (values (B'101'), (B'11')) v(x);
select bit_and(x), bit_or(x), bit_xor(x) from (values (5), (3), (null::int)) v(x);
select bit_and(x), bit_or(x), bit_xor(x) from (values (5::int8), (-3)) v(x);
select bit_and(x), bit_or(x), bit_xor(x), pg_typeof(bit_and(x)) from (values (5::int2), (3::int2)) v(x);
select bit_and(x) from (select 1 where false) v(x);
select xml_is_well_formed('<a/>'), xml_is_well_formed('<a>'), xml_is_well_formed_document('<a/><b/>'), xml_is_well_formed_content('<a/><b/>');
select xml_is_well_formed_document('<?xml version="1.0"?><!-- c --><a/>  '), xml_is_well_formed_document('text'), xml_is_well_formed_document('');
select xmlcomment('abc');
select xmlcomment('a--b');

-- A prepared statement's declared parameter types carry no typmod.
prepare pb(bit(3), varchar(2)) as select $1, $2, pg_typeof($1), pg_typeof($2);
execute pb(B'1', 'abcd');
prepare pi(inet) as select $1 << '10.0.0.0/8';
execute pi('10.1.0.0/16');
