-- cg_mvt_geom: a portable stand-in for ST_AsMVTGeom, for PostGIS builds without
-- protobuf (PGlite's), where ST_AsMVTGeom fails with "Compiled without protobuf-c
-- support". It follows PostGIS 3.3's mvt_geom step for step: simplify below half a
-- tile unit, move into tile space (y down), snap to the integer grid, clip to the
-- buffered tile, make valid and orient rings as the MVT spec wants. The result is
-- encoded by a Node MVT encoder; tests check the features equal ST_AsMVT's.
CREATE OR REPLACE FUNCTION cg_mvt_geom(g geometry, bounds geometry, extent integer DEFAULT 4096, buffer integer DEFAULT 64)
RETURNS geometry
LANGUAGE plpgsql IMMUTABLE STRICT PARALLEL SAFE AS $$
DECLARE
  xmin float8 := ST_XMin(bounds);
  ymax float8 := ST_YMax(bounds);
  w float8 := ST_XMax(bounds) - ST_XMin(bounds);
  h float8 := ST_YMax(bounds) - ST_YMin(bounds);
  res float8 := least(w, h) / extent / 2;
  fx float8 := extent / w;
  fy float8 := -(extent / h);
  clip box2d := ST_MakeBox2D(ST_MakePoint(-buffer, -buffer), ST_MakePoint(extent + buffer, extent + buffer));
  dim integer := ST_Dimension(g);
  out geometry;
BEGIN
  out := ST_Simplify(ST_RemoveRepeatedPoints(g, res), res, false);
  IF out IS NULL OR ST_IsEmpty(out) THEN RETURN NULL; END IF;
  out := ST_SnapToGrid(ST_Affine(out, fx, 0, 0, fy, -xmin * fx, -ymax * fy), 1);
  IF out IS NULL OR ST_IsEmpty(out) THEN RETURN NULL; END IF;
  IF dim = 0 THEN
    -- Points on the buffer's edge stay, as ST_AsMVTGeom keeps them; GEOS's rectangle
    -- clipping differs between versions on the boundary, so test coordinates instead.
    out := (SELECT ST_Multi(ST_Collect(d.geom)) FROM ST_Dump(out) d
            WHERE ST_X(d.geom) BETWEEN -buffer AND extent + buffer
              AND ST_Y(d.geom) BETWEEN -buffer AND extent + buffer);
    IF out IS NOT NULL AND ST_NumGeometries(out) = 1 THEN out := ST_GeometryN(out, 1); END IF;
  ELSIF dim = 1 THEN
    out := ST_SnapToGrid(ST_CollectionExtract(ST_ClipByBox2D(out, clip), 2), 1);
  ELSE
    out := ST_ClipByBox2D(out, clip);
    IF out IS NULL OR ST_IsEmpty(out) THEN RETURN NULL; END IF;
    -- Snapping can make a polygon invalid and repairing can leave fractions: repeat, as PostGIS does.
    FOR i IN 1..4 LOOP
      out := ST_SnapToGrid(out, 1);
      EXIT WHEN out IS NULL OR ST_IsEmpty(out) OR ST_IsValid(out);
      out := ST_CollectionExtract(ST_MakeValid(out), 3);
    END LOOP;
    IF out IS NULL OR ST_IsEmpty(out) OR NOT ST_IsValid(out) OR ST_Area(out) = 0 THEN RETURN NULL; END IF;
    -- In tile space (y down) the MVT spec's clockwise exterior rings are counter-clockwise.
    out := ST_Reverse(ST_ForcePolygonCW(out));
  END IF;
  IF out IS NULL OR ST_IsEmpty(out) THEN RETURN NULL; END IF;
  RETURN out;
END $$;
