-- Place names for the map when there is no basemap (issue 17): where to write each local
-- authority's, ward's and postcode district's name. Derived from loaded data (areas, their
-- residence points, postcode district centroids) by the loader's `place-labels` step, and
-- kept as a table because deriving it reads every LSOA: seconds on the embedded database,
-- where a query holds the one connection and the event loop.
CREATE TABLE place_labels (
  kind       text NOT NULL CHECK (kind IN ('local_authority', 'ward', 'postcode_district')),
  code       text NOT NULL,              -- GSS code, or the outcode of a district
  name       text NOT NULL,
  geom       geometry(Point, 4326) NOT NULL,
  population integer NOT NULL,           -- residents (LSOA populations summed); 0 for districts
  PRIMARY KEY (kind, code)
);
