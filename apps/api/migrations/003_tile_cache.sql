-- Encoded area tiles, kept in the database so every API instance shares them and a
-- tile is built once per data load, not once per request. Area tiles change only when
-- the loader changes areas or need measures, and it empties this table when it does.
CREATE TABLE tile_cache (
  layer      text     NOT NULL,
  z          smallint NOT NULL,
  x          integer  NOT NULL,
  y          integer  NOT NULL,
  body       bytea    NOT NULL,
  etag       text     NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (layer, z, x, y)
);
