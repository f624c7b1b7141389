-- Custom areas (issue 5): a Big Local area, an estate or a ward as people know it, drawn as
-- a polygon on the map or picked as a set of LSOAs, named and saved by a signed-in person.
--
-- Membership. Every figure about an area (population, deprivation mix, gaps) is a sum over
-- whole LSOAs, so an area holds a set of LSOAs:
--   * picked LSOAs: exactly those, and the area's shape is their union;
--   * a drawn polygon: the LSOAs whose residence point (area_residence_points: the mean of
--     their live postcodes, else their point-on-surface) lies inside it. An LSOA counts when
--     most of its people do, by the same point the provision figures measure from, and never
--     twice when two drawn areas share an edge.
-- Assets inside an area are those within its shape itself (drawn or united), not its LSOAs'.

CREATE TABLE custom_areas (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  name         text NOT NULL CHECK (length(btrim(name)) BETWEEN 1 AND 120),
  description  text CHECK (description IS NULL OR length(description) <= 2000),
  owner_id     uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  -- How it was made, which decides how its LSOAs are found (above).
  made_by      text NOT NULL CHECK (made_by IN ('drawn', 'lsoas')),
  geom         geometry(MultiPolygon, 4326) NOT NULL CHECK (ST_IsValid(geom)),
  geom_bng     geometry(MultiPolygon, 27700) NOT NULL CHECK (ST_IsValid(geom_bng)),
  area_sq_km   double precision NOT NULL,
  -- 'link': anyone holding the share token may read it. Only workers share (the service);
  -- the owner sees the token to copy the link again, and unsharing deletes it, so an old
  -- link stops working for good and sharing again makes a new one.
  visibility   text NOT NULL DEFAULT 'private' CHECK (visibility IN ('private', 'link')),
  share_token  text UNIQUE CHECK (share_token IS NULL OR share_token ~ '^[A-Za-z0-9_-]{43}$'),
  version      integer NOT NULL DEFAULT 1,
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  CHECK ((visibility = 'link') = (share_token IS NOT NULL))
);
CREATE INDEX custom_areas_owner_idx ON custom_areas (owner_id, updated_at);
CREATE INDEX custom_areas_geom_bng_idx ON custom_areas USING gist (geom_bng);

-- The area's LSOAs (the rule above), kept with the area in one transaction.
CREATE TABLE custom_area_lsoas (
  custom_area_id uuid NOT NULL REFERENCES custom_areas (id) ON DELETE CASCADE,
  area_code      text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  PRIMARY KEY (custom_area_id, area_code)
);
CREATE INDEX custom_area_lsoas_area_idx ON custom_area_lsoas (area_code);
