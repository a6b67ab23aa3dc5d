-- The geometric types point, lseg, line, box, path, polygon and circle:
-- text input in every spelling geo_ops.c accepts, output under
-- extra_float_digits, casts, operators, functions and storage.

-- point
select '(1,2)'::point, ' ( 1.5 , -2e3 ) '::point, '1,2'::point, '(nan,inf)'::point, '(-Infinity,1)'::point, '(+inf,-inf)'::point;
select 'x'::point;
select '(1,2'::point;
select '(1,2))'::point;
select '1,2,3'::point;
select ''::point;
select '(1e400,2)'::point;
select '(1e-400,2)'::point;
select point(1.1, 2.2), point(-0.0, 3), pg_typeof(point(1, 2));

-- lseg
select '[(1,2),(3,4)]'::lseg, '(1,2),(3,4)'::lseg, '((1,2),(3,4))'::lseg, '1,2,3,4'::lseg, ' [ ( 1 , 2 ) , ( 3 , 4 ) ] '::lseg;
select '[(1,2),(3,4)'::lseg;
select '(1,2),(3,4),(5,6)'::lseg;
select lseg(point(0,0), point(3,4));

-- line
select '{1,2,3}'::line, '{ 1 , -2 , 3.5 }'::line, '[(1,2),(3,4)]'::line, '(1,1),(1,5)'::line, '(1,1),(5,1)'::line, '((0,0),(2,1))'::line;
select '{0,0,1}'::line;
select '(1,1),(1,1)'::line;
select '{1,2}'::line;
select '{1,2,3} x'::line;
select line(point(0,0), point(1,1)), line(point(2,0), point(2,5));
select line(point(1,1), point(1,1));

-- box
select '(1,2),(3,4)'::box, '((3,4),(1,2))'::box, '1,2,3,4'::box, '(3,1),(1,3)'::box, '(1,1),(1,1)'::box;
select '[(1,2),(3,4)]'::box;
select '(1,2)'::box;
select box(point(0,0), point(2,3)), box(point(3,0), point(0,3)), box(point(1,1));

-- path
select '[(1,2),(3,4),(5,6)]'::path, '((1,2),(3,4))'::path, '(1,2),(3,4)'::path, '(1,2)'::path, '1,2,3,4'::path, '[1,2,3,4]'::path, '((1,2))'::path;
select '[(1,2),(3,4)'::path;
select '(1,2),(3'::path;
select ''::path;

-- polygon
select '((1,2),(3,4),(5,6))'::polygon, '(1,2),(3,4)'::polygon, '1,2,3,4,5,6'::polygon, '(1,2)'::polygon, '((0,0))'::polygon;
select '[(1,2),(3,4)]'::polygon;
select '(1,2),(3,4'::polygon;

-- circle
select '<(1,2),3>'::circle, '((1,2),3)'::circle, '(1,2),3'::circle, '1,2,3'::circle, '<(1,2),3.5>'::circle, ' < ( 1 , 2 ) , 0 > '::circle, '<(1,2),nan>'::circle;
select '<(1,2),-3>'::circle;
select '<(1,2),3'::circle;
select '<(1,2)>'::circle;
select circle(point(0,0), 2);

-- Numbers are read as strtod reads them (hexadecimal, nan(...)), with
-- float8's range checks; partial and odd spellings.
select '(0x10,1)'::point;
select '(1e,2)'::point;
select '(.5,5.)'::point;
select '(infinity,-INF)'::point;
select '(nan(1),1)'::point;
select '(1 2)'::point;
select E'(1,2)\n'::point;
select '((1,2),(3,4),)'::path;
select '(1,2),(3,4),'::polygon;
select '[(1,2)]'::path, '[1,2]'::path;
select '<1,2,3>'::circle, '(1,2,3)'::circle, '((1,2),3'::circle;
select '( (1,2),(3,4) )'::box, '((1,2),(3,4)) '::lseg, ' {1, 2, 3} '::line;
select '1e308,1e308,1e308,1e308'::box;
select 1e308 * point(10,10);
select point(1e308,1e308) + point(1e308,1e308);
select area(box '(1e200,1e200),(-1e200,-1e200)');
select '(0x1.8p1,-0X10)'::point, '(0x.8,0xAp-1)'::point, '(nan(abc),1)'::point;
select '(0x,1)'::point;
select '(nan(,1)'::point;

-- Output follows extra_float_digits as float8 does.
set extra_float_digits = 0;
select point(0.1, 1/3.0), '(0.1,0.2),(1e20,1e-20)'::box, '<(0.3,1e100),2.5e-7>'::circle, '{0.1,0.2,0.3}'::line;
set extra_float_digits = 3;
select point(0.1, 1/3.0), '[(0.1,0.2),(1e20,1e-20)]'::path;
set extra_float_digits = -15;
select point(0.1234, 1/3.0);
reset extra_float_digits;
select point(1/3.0, 2/3.0), '(1e15,1e16)'::point, '(1e-4,1e-5)'::point;

-- Arrays (box's delimiter is ';').
select array['(1,2)'::point, '(3,4)'], array['(1,2),(0,0)'::box, '(3,4),(5,6)'], '{(1,2),(0,0);(3,4),(5,6)}'::box[], '{"(1,2)","(3,4)",NULL}'::point[];
select '{"<(1,2),3>"}'::circle[], array[lseg '[(0,0),(1,1)]'], array[path '[(0,0),(1,1)]', path '((1,1),(2,2))'], array[polygon '((0,0),(1,1),(1,0))'], array[line '{1,2,3}'];
select ('{(1,2),(0,0);(3,4),(5,6)}'::box[])[2];

-- Casts.
select '(1,2),(3,4)'::box::point, '(1,2)'::point::box, '((0,0),(1,1),(2,0))'::polygon::box, '(1,1),(0,0)'::box::polygon, '<(1,1),2>'::circle::box, '(2,2),(0,0)'::box::circle;
select '((1,2),(3,4))'::path::polygon, '((0,0),(2,0),(1,1))'::polygon::path, '((0,0),(2,0),(1,1))'::polygon::circle, '<(0,0),1>'::circle::polygon, '<(3,4),1>'::circle::point;
select '[(1,2),(3,4)]'::path::polygon;
select '[(1,2),(3,4)]'::lseg::point, box '(0,0),(2,2)'::lseg, polygon '((0,0),(4,0),(4,4))'::point;
select '(1,2)'::point::text, '(1,2),(3,4)'::box::text, 'p' || '(1,2)'::point, '(1,2)'::text::point, '(1,2)'::varchar::point;
select '(1,2)'::point::box::polygon::circle::point;
select '(1,2)'::point::lseg;
select 1::point;

-- Subscripts: point and line hold float8s, lseg and box points.
select (point(1,2))[0], (point(1,2))[1], (point(1,2))[2], (point(1,2))[-1], (box '(1,1),(0,0)')[0], (box '(1,1),(0,0)')[1], (lseg '[(1,2),(3,4)]')[1], (line '{1,2,3}')[2], (lseg '[(1,2),(3,4)]')[1][0];
select (circle '<(1,2),3>')[0];

-- Point operators.
select point(1,2) + point(3,4), point(1,2) - point(3,4), point(1,2) * point(3,4), point(1,2) / point(3,4), point(1,1) * point(0.5,-2);
select point(1,2) / point(0,0);
select point(0,0) <-> point(3,4), point(1,1) ~= point(1.0000001,1), point(1,1) ~= point(1.01,1), point(1,2) <> point(1,2), point(1,2) <> point(1,3);
select point(1,2) << point(2,2), point(1,2) >> point(2,2), point(1,3) |>> point(1,2), point(1,1) <<| point(1,2), point(1,1) ?| point(1,5), point(1,1) ?- point(4,1), point(1,1) ?| point(2,5);
select slope(point(0,0), point(1,2)), slope(point(0,0), point(0,2)), slope(point(0,0), point(2,0)), isvertical(point(1,0), point(1,9)), ishorizontal(point(1,0), point(2,0));
select point('nan', 1) ~= point('nan', 1), point('nan', 'nan') ~= point('nan', 'nan');
select point(1e300, 1e300) * point(1e300, 1);
select point '(1,2)' < point '(2,3)';

-- Boxes.
select area(box '(0,0),(2,3)'), width(box '(0,0),(2,3)'), height(box '(0,0),(2,3)'), center(box '(0,0),(2,3)'), diagonal(box '(0,0),(2,3)'), @@ box '(0,0),(2,3)', point(box '(0,0),(2,3)'), lseg(box '(0,0),(2,3)');
select box '(0,0),(2,2)' && box '(1,1),(3,3)', box '(0,0),(2,2)' && box '(3,3),(4,4)', box '(0,0),(3,3)' @> box '(1,1),(2,2)', box '(1,1),(2,2)' <@ box '(0,0),(3,3)', box '(0,0),(3,3)' @> point(1,1), point(1,1) <@ box '(0,0),(3,3)', point(4,1) <@ box '(0,0),(3,3)';
select box '(0,0),(1,1)' << box '(2,2),(3,3)', box '(0,0),(1,1)' >> box '(2,2),(3,3)', box '(0,0),(1,1)' &< box '(2,2),(3,3)', box '(0,0),(1,1)' &> box '(2,2),(3,3)', box '(0,0),(1,1)' <<| box '(2,2),(3,3)', box '(0,0),(1,1)' |>> box '(2,2),(3,3)', box '(0,0),(1,1)' &<| box '(2,2),(3,3)', box '(0,0),(1,1)' |&> box '(2,2),(3,3)', box '(0,0),(1,1)' <^ box '(1,1),(3,3)', box '(1,1),(3,3)' >^ box '(0,0),(1,1)';
select box '(0,0),(1,1)' = box '(5,5),(6,6)', box '(0,0),(1,1)' < box '(0,0),(2,2)', box '(0,0),(1,1)' <= box '(0,0),(2,2)', box '(0,0),(3,3)' > box '(0,0),(2,2)', box '(0,0),(3,3)' >= box '(0,0),(2,2)', box '(0,0),(1,1)' ~= box '(1,1),(0,0)';
select box '(0,0),(2,2)' # box '(1,1),(3,3)', box '(0,0),(1,1)' # box '(2,2),(3,3)', bound_box(box '(0,0),(1,1)', box '(2,2),(3,3)');
select box '(0,0),(1,1)' + point(1,2), box '(0,0),(1,1)' - point(1,2), box '(1,1),(2,2)' * point(2,1), box '(1,1),(2,2)' * point(-1,0), box '(1,1),(2,2)' / point(2,1), box '(0,0),(1,1)' <-> box '(2,2),(3,3)';
select point(5,5) <-> box '(0,0),(1,1)', point(0.5,3) <-> box '(0,0),(1,1)', point(0.5,0.5) <-> box '(0,0),(1,1)', point(5,5) ## box '(0,0),(1,1)', point(0.5,3) ## box '(0,0),(1,1)', box '(0,0),(1,1)' <-> point(3,1);

-- Segments.
select length(lseg '[(0,0),(3,4)]'), @-@ lseg '[(0,0),(3,4)]', lseg '[(0,0),(3,4)]' = lseg '[(0,0),(3,4)]', lseg '[(0,0),(3,4)]' <> lseg '[(0,0),(3,5)]', point(lseg '[(0,0),(3,4)]'), @@ lseg '[(0,0),(3,4)]';
select ?| lseg '[(1,0),(1,4)]', ?- lseg '[(1,0),(1,4)]', isvertical(lseg '[(1,0),(1,4)]'), ishorizontal(lseg '[(0,4),(1,4)]'), lseg '[(0,0),(1,1)]' ?|| lseg '[(1,0),(2,1)]', lseg '[(0,0),(1,1)]' ?-| lseg '[(1,0),(0,1)]', isparallel(lseg '[(0,0),(1,1)]', lseg '[(0,1),(1,3)]'), isperp(lseg '[(0,0),(1,1)]', lseg '[(0,1),(1,3)]');
select lseg '[(0,0),(1,1)]' < lseg '[(0,0),(3,3)]', lseg '[(0,0),(1,1)]' >= lseg '[(0,0),(3,3)]';
select point(1,1) <-> lseg '[(0,0),(3,0)]', point(5,1) <-> lseg '[(0,0),(3,0)]', lseg '[(0,0),(3,0)]' <-> point(-1,1), point(1,1) ## lseg '[(0,0),(3,0)]', point(1,0) <@ lseg '[(0,0),(3,0)]', point(1,1) <@ lseg '[(0,0),(3,0)]';
select lseg '[(0,0),(1,1)]' <@ box '(0,0),(2,2)', lseg '[(0,0),(3,3)]' <@ box '(0,0),(2,2)', lseg '[(0,0),(2,2)]' <@ line '{1,-1,0}', lseg '[(0,0),(2,2)]' ?# line '{1,1,-2}', lseg '[(0,0),(2,2)]' ?# line '{1,1,-9}';

-- Lines.
select line '{1,-1,0}' = line '{2,-2,0}', line '{1,-1,0}' = line '{2,-2,1}', line '{1,-1,0}' ?|| line '{1,-1,5}', line '{1,-1,0}' ?-| line '{1,1,5}', line '{1,-1,0}' # line '{1,1,-2}', line '{1,-1,0}' # line '{1,-1,3}', line '{1,-1,0}' ?# line '{1,1,-2}';
select ?| line '{1,0,3}', ?- line '{0,1,3}', isvertical(line '{1,0,3}'), ishorizontal(line '{1,0,3}'), isparallel(line '{1,2,3}', line '{2,4,0}'), isperp(line '{1,2,3}', line '{2,-1,0}');
select point(0,5) <-> line '{1,-1,0}', line '{1,-1,0}' <-> point(3,0), point(0,5) ## line '{1,-1,0}', point(1,1) <@ line '{1,-1,0}', point(1,2) <@ line '{1,-1,0}';

-- Paths.
select npoints(path '[(0,0),(3,4),(6,0)]'), # path '[(0,0),(3,4),(6,0)]', length(path '[(0,0),(3,4),(6,0)]'), length(path '((0,0),(3,4),(6,0))'), @-@ path '((0,0),(3,4),(6,0))';
select isclosed(path '[(0,0),(1,1)]'), isopen(path '[(0,0),(1,1)]'), pclose(path '[(0,0),(1,1)]'), popen(path '((0,0),(1,1))'), area(path '((0,0),(4,0),(4,3))'), area(path '[(0,0),(4,0),(4,3)]');
select path '[(0,0),(1,1)]' + path '[(2,2),(3,3)]', path '((0,0),(1,1))' + path '[(2,2),(3,3)]', path '[(0,0),(1,1)]' + point(1,1), path '((0,0),(1,1))' - point(1,1), path '[(1,0),(1,1)]' * point(0,1), path '[(1,0),(1,1)]' / point(0,1);
select path '[(0,0),(1,1)]' < path '[(0,0),(1,1),(2,2)]', path '[(0,0),(1,1)]' = path '((5,5),(6,6))', path '[(0,0),(1,1)]' >= path '((5,5),(6,6),(7,7))';
select path '[(0,0),(4,0)]' @> point(2,0), point(2,0) <@ path '[(0,0),(4,0)]', point(2,1) <@ path '[(0,0),(4,0)]', point(2,1) <@ path '((0,0),(4,0),(4,4))', point(9,1) <@ path '((0,0),(4,0),(4,4))';
select polygon(path '((0,0),(1,1),(2,0))'), path(polygon '((0,0),(1,1),(2,0))');

-- Polygons.
select polygon '((0,0),(4,0),(4,4),(0,4))' @> point(2,2), point(2,2) <@ polygon '((0,0),(4,0),(4,4),(0,4))', point(5,2) <@ polygon '((0,0),(4,0),(4,4),(0,4))', point(4,2) <@ polygon '((0,0),(4,0),(4,4),(0,4))', point(0,0) <@ polygon '((0,0),(4,0),(4,4),(0,4))';
select npoints(polygon '((0,0),(4,0),(4,4))'), # polygon '((0,0),(4,0),(4,4))', @@ polygon '((0,0),(4,0),(4,4))', point(polygon '((0,0),(4,0),(4,4))'), box(polygon '((0,0),(1,1),(2,0))'), circle(polygon '((0,0),(1,1),(2,0))'), polygon(box '(0,0),(1,1)');
select polygon '((0,0),(4,0),(4,4))' ~= polygon '((4,4),(4,0),(0,0))', polygon '((0,0),(4,0),(4,4))' ~= polygon '((4,0),(4,4),(0,0))', polygon '((0,0),(4,0),(4,4))' ~= polygon '((4,4),(0,0),(4,1))', polygon '((0,0),(4,0))' ~= polygon '((0,0),(4,0),(4,4))';
select polygon '((0,0),(1,1))' << polygon '((2,0),(3,1))', polygon '((0,0),(1,1))' >> polygon '((2,0),(3,1))', polygon '((0,0),(1,1))' &< polygon '((2,0),(3,1))', polygon '((0,0),(1,1))' &> polygon '((2,0),(3,1))', polygon '((0,0),(1,1))' <<| polygon '((2,2),(3,3))', polygon '((0,0),(1,1))' |>> polygon '((2,2),(3,3))', polygon '((0,0),(1,1))' &<| polygon '((2,2),(3,3))', polygon '((0,0),(1,1))' |&> polygon '((2,2),(3,3))';

-- Circles.
select area(circle '<(0,0),2>'), diameter(circle '<(0,0),2>'), radius(circle '<(0,0),2>'), center(circle '<(1,2),2>'), @@ circle '<(1,2),2>', point(circle '<(1,2),2>'), box(circle '<(0,0),2>'), circle(box '(0,0),(2,2)');
select circle '<(0,0),2>' ~= circle '<(0,0),2>', circle '<(0,0),2>' = circle '<(5,5),2>', circle '<(0,0),2>' <> circle '<(5,5),2>', circle '<(0,0),2>' < circle '<(5,5),3>', circle '<(0,0),2>' <= circle '<(5,5),3>', circle '<(0,0),2>' > circle '<(5,5),3>', circle '<(0,0),2>' >= circle '<(5,5),3>';
select circle '<(0,0),2>' && circle '<(3,0),2>', circle '<(0,0),2>' && circle '<(5,0),2>', circle '<(0,0),5>' @> circle '<(1,0),2>', circle '<(1,0),2>' <@ circle '<(0,0),5>', circle '<(0,0),1>' << circle '<(3,0),1>', circle '<(0,0),1>' >> circle '<(3,0),1>', circle '<(0,0),1>' &< circle '<(3,0),1>', circle '<(0,0),1>' &> circle '<(3,0),1>';
select circle '<(0,0),1>' <<| circle '<(0,3),1>', circle '<(0,0),1>' |>> circle '<(0,3),1>', circle '<(0,0),1>' &<| circle '<(0,3),1>', circle '<(0,0),1>' |&> circle '<(0,3),1>';
select circle '<(0,0),1>' <-> circle '<(5,0),1>', circle '<(0,0),1>' <-> circle '<(1,0),1>', point(5,0) <-> circle '<(0,0),1>', circle '<(0,0),1>' <-> point(5,0), circle '<(0,0),2>' @> point(1,1), point(1,1) <@ circle '<(0,0),2>', point(2,2) <@ circle '<(0,0),2>';
select circle '<(1,1),2>' + point(1,1), circle '<(1,1),2>' - point(1,1), circle '<(1,1),2>' * point(0,2), circle '<(1,1),2>' / point(0,2);
select polygon(4, circle '<(0,0),2>'), polygon(circle '<(0,0),2>'), polygon(3, circle '<(1,1),1>');
select polygon(1, circle '<(0,0),2>');
select polygon(4, circle '<(0,0),0>');

-- Intersections, closest points and distances between segments, lines,
-- boxes, paths and polygons.
select lseg '[(0,0),(2,2)]' ?# lseg '[(0,2),(2,0)]', lseg '[(0,0),(2,2)]' ?# lseg '[(3,3),(4,0)]', lseg '[(0,0),(2,2)]' # lseg '[(0,2),(2,0)]', lseg '[(0,0),(2,2)]' # lseg '[(5,2),(6,0)]', lseg '[(0,0),(1,0)]' # lseg '[(1,0),(1,5)]';
select lseg '[(0,0),(2,0)]' <-> lseg '[(0,1),(2,3)]', lseg '[(0,0),(2,0)]' <-> lseg '[(3,1),(5,3)]', lseg '[(0,0),(2,0)]' ## lseg '[(3,1),(5,3)]', lseg '[(0,0),(2,0)]' ## lseg '[(0,1),(2,1)]', lseg '[(0,0),(2,2)]' ## lseg '[(0,2),(2,0)]';
select lseg '[(0,0),(1,1)]' ?# box '(2,2),(0.5,0.5)', lseg '[(5,5),(6,6)]' ?# box '(2,2),(0.5,0.5)', lseg '[(5,5),(6,6)]' <-> box '(2,2),(0,0)', box '(2,2),(0,0)' <-> lseg '[(5,0),(6,1)]', lseg '[(5,5),(6,6)]' ## box '(2,2),(0,0)', lseg '[(3,-1),(3,5)]' ## box '(2,2),(0,0)';
select lseg '[(0,0),(1,1)]' <-> line '{1,-1,3}', line '{1,-1,3}' <-> lseg '[(0,0),(1,1)]', lseg '[(0,0),(1,0)]' <-> line '{1,-1,3}', line '{1,-1,3}' ## lseg '[(0,0),(1,0)]', line '{1,-1,3}' ## lseg '[(0,0),(1,1)]';
select line '{1,-1,0}' ?# box '(2,2),(1,1)', line '{1,-1,5}' ?# box '(2,2),(1,1)', line '{1,-1,0}' <-> line '{1,-1,5}', line '{2,-2,0}' <-> line '{1,-1,5}', line '{0,1,0}' <-> line '{0,3,6}', line '{1,-1,0}' <-> line '{1,1,5}';
select polygon '((0,0),(2,0),(2,2),(0,2))' && polygon '((1,1),(3,1),(3,3))', polygon '((0,0),(2,0),(2,2),(0,2))' && polygon '((5,5),(6,5),(6,6))', polygon '((0,0),(9,0),(9,9),(0,9))' && polygon '((1,1),(2,1),(2,2))';
select point(5,5) <-> polygon '((0,0),(2,0),(2,2),(0,2))', polygon '((0,0),(2,0),(2,2),(0,2))' <-> point(1,5), point(1,1) <-> polygon '((0,0),(2,0),(2,2),(0,2))', circle '<(5,5),1>' <-> polygon '((0,0),(2,0),(2,2),(0,2))', polygon '((0,0),(2,0),(2,2),(0,2))' <-> circle '<(5,5),1>';
select polygon '((0,0),(2,0),(2,2),(0,2))' <-> polygon '((5,5),(6,5),(6,6))', polygon '((0,0),(2,0),(2,2),(0,2))' <-> polygon '((1,1),(3,1),(3,3))';
select path '[(0,0),(2,0)]' <-> path '[(0,1),(2,3)]', path '((0,0),(2,0),(1,1))' <-> path '[(0,5),(2,5)]', point(1,3) <-> path '[(0,0),(2,0),(2,2)]', path '((0,0),(2,0),(2,2))' <-> point(1,3), point(1,3) <-> path '[(0,0)]';
select path '[(0,0),(2,2)]' ?# path '[(0,2),(2,0)]', path '[(0,0),(2,2)]' ?# path '[(5,5),(6,6)]', path '((0,0),(2,0),(2,2))' ?# path '[(1,-1),(1,0.5)]';

-- Polygon containment (an inner edge may run along an outer one).
select polygon '((0,0),(4,0),(4,4),(0,4))' @> polygon '((1,1),(2,1),(2,2))', polygon '((0,0),(4,0),(4,4),(0,4))' @> polygon '((1,1),(5,1),(2,2))', polygon '((1,1),(2,1),(2,2))' <@ polygon '((0,0),(4,0),(4,4),(0,4))';
select polygon '((0,0),(4,0),(4,4),(0,4))' @> polygon '((0,0),(4,0),(4,4),(0,4))', polygon '((0,0),(4,0),(4,4),(0,4))' @> polygon '((0,0),(2,0),(2,2))', polygon '((0,0),(4,0),(4,4),(0,4))' @> polygon '((0,0),(4,4),(0,4))';
select polygon '((0,0),(4,0),(2,2),(4,4),(0,4))' @> polygon '((1,1),(3,1),(3,3),(1,3))', polygon '((0,0),(4,0),(2,2),(4,4),(0,4))' @> polygon '((0.5,1),(1,1),(1,3))', polygon '((0,0),(4,0),(2,2),(4,4),(0,4))' @> polygon '((0,0),(2,2),(0,4))';
select polygon '((0,0),(4,0),(2,2),(4,4),(0,4))' @> polygon '((1,0),(2,2),(1,4))', polygon '((0,0),(4,0),(2,2),(4,4),(0,4))' @> polygon '((2,2),(4,4),(3,1))', polygon '((0,0),(3,0),(3,3),(0,3))' @> polygon '((3,0),(3,3),(1,1))';

-- Storage: every type as a column, NULLs, arrays, an UPDATE.
create table geo (id int primary key, p point, l lseg, ln line, b box, pa path, po polygon, c circle, bs box[], ps point[]);
insert into geo values (1, '(1,2)', '[(0,0),(1,1)]', '{1,2,3}', '(2,2),(0,0)', '[(0,0),(1,1),(2,0)]', '((0,0),(1,1),(2,0))', '<(1,1),5>', '{(1,1),(0,0);(3,3),(2,2)}', '{"(1,2)",NULL}');
insert into geo values (2, null, null, null, null, null, null, null, null, null);
insert into geo values (3, point(0.1, 1/3.0), lseg(point(1,1), point(2,2)), line(point(0,0), point(1,2)), box(point(5,5), point(1,1)), path '((0,0),(1,1))', polygon(box '(0,0),(1,1)'), circle(point(0,0), 1.5), array[box '(1,1),(0,0)'], array[point(1,1)]);
select * from geo order by id;
update geo set p = p + point(1,1), c = c * point(2,0) where id = 1;
select id, p, p[0], p[1], area(b), npoints(pa), c, bs[1] from geo order by id;
select id from geo where b ~= box '(0,0),(2,2)' order by id;
select id from geo where b = box '(10,10),(12,12)' order by id;
select id from geo where p <@ box '(0,0),(5,5)' order by id;
select id, p <-> point(0,0) as dist from geo where p is not null order by dist;
select count(*), count(p) from geo;
select pg_typeof(p), pg_typeof(l), pg_typeof(ln), pg_typeof(b), pg_typeof(pa), pg_typeof(po), pg_typeof(c), pg_typeof(bs) from geo where id = 1;

-- No btree operator class: no index, ordering or grouping by these types.
create index on geo (p);
create index on geo (b);
select p from geo order by p;
select b from geo order by 1;
select distinct p from geo;
select c from geo group by c;
select count(*) from geo group by l;
drop table geo;

-- Set operations other than UNION ALL need equality, arrays of these types
-- have no ordering or equality either.
select point(1,2) union select point(1,2);
select point(1,2) union all select point(1,2);
select 1, point(1,2) intersect select 1, point(1,2);
select point(1,2) except select point(3,2);
select 1 as a, point(1,2) as b union select 2, point(1,2) union select 3, point(1,2);
select array[point(1,2)] union select array[point(1,2)];
select array[point(1,2)] order by 1;
select array[box '(1,1),(0,0)'] group by 1;
select distinct array[circle '<(1,1),1>'];

-- Aggregates: DISTINCT needs equality, ORDER BY an ordering.
create table h (id int, p point, b box);
insert into h values (1, '(1,2)', '(1,1),(0,0)'), (2, '(1,2)', '(2,2),(0,0)');
select count(distinct p) from h;
select count(distinct b) from h;
select array_agg(p order by p) from h;
select array_agg(p order by id) from h;
select array_agg(distinct id) from h;
drop table h;

-- Window definitions: PARTITION BY needs equality, ORDER BY an ordering.
create table w (id int, p point);
insert into w values (1, '(1,2)'), (2, '(3,4)');
select id, row_number() over (order by p) from w;
select id, row_number() over (partition by p order by id) from w;
select id, row_number() over (order by id), p from w order by id;
select id, row_number() over win from w window win as (order by p);
drop table w;

-- DISTINCT over a * expansion.
create table ds (id int, p point);
select distinct * from ds;
select distinct id from ds;
select distinct id, ds.*, 1 from ds;
drop table ds;
