-- Encoded public tiles, kept in the database so every API instance shares them and a
-- tile is built once per change of its data, not once per request.
CREATE TABLE tile_cache (
  layer      text     NOT NULL,
  z          smallint NOT NULL,
  x          integer  NOT NULL,
  y          integer  NOT NULL,
  body       bytea    NOT NULL,
  -- The same tile gzipped once, so busy servers do not compress it per request.
  body_gzip  bytea    NOT NULL,
  etag       text     NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (layer, z, x, y)
);

-- A cached tile is forgotten whenever what it shows changes, however it changed (loader,
-- edits, SQL by hand): statement-level triggers empty the layer's tiles.
CREATE FUNCTION tile_cache_forget() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM tile_cache WHERE layer = TG_ARGV[0];
  RETURN NULL;
END $$;

CREATE TRIGGER assets_forget_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON assets
  FOR EACH STATEMENT EXECUTE FUNCTION tile_cache_forget('assets');
CREATE TRIGGER categories_forget_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON categories
  FOR EACH STATEMENT EXECUTE FUNCTION tile_cache_forget('assets');
CREATE TRIGGER area_tile_geoms_forget_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON area_tile_geoms
  FOR EACH STATEMENT EXECUTE FUNCTION tile_cache_forget('areas');
CREATE TRIGGER areas_forget_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON areas
  FOR EACH STATEMENT EXECUTE FUNCTION tile_cache_forget('areas');
CREATE TRIGGER need_measures_forget_tiles AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON need_measures
  FOR EACH STATEMENT EXECUTE FUNCTION tile_cache_forget('areas');
