-- Search: full text with ranking, trigram matching for typos and partial words, and
-- opening hours as weekly intervals that SQL can test.

CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE EXTENSION IF NOT EXISTS unaccent;

-- unaccent() is only STABLE (its dictionary could change); indexes need IMMUTABLE.
CREATE FUNCTION cg_unaccent(text) RETURNS text
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$ SELECT unaccent('unaccent'::regdictionary, $1) $$;

-- What search matches an asset by: its name, organisation, tags and category, folded to
-- lower case without accents. Kept by trigger because it reads the category's name.
ALTER TABLE assets ADD COLUMN search_text text NOT NULL DEFAULT '';
ALTER TABLE assets ADD COLUMN search_document tsvector NOT NULL DEFAULT ''::tsvector;

CREATE FUNCTION assets_set_search() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  category_name text := (SELECT c.name FROM categories c WHERE c.code = NEW.category_code);
BEGIN
  NEW.search_text := lower(cg_unaccent(concat_ws(' ', NEW.name, NEW.organisation,
                                                 array_to_string(NEW.tags, ' '), category_name)));
  NEW.search_document :=
    setweight(to_tsvector('english', cg_unaccent(NEW.name)), 'A') ||
    setweight(to_tsvector('english', cg_unaccent(concat_ws(' ', NEW.organisation, array_to_string(NEW.tags, ' '), category_name))), 'B') ||
    setweight(to_tsvector('english', cg_unaccent(coalesce(NEW.description, ''))), 'C');
  RETURN NEW;
END $$;
CREATE TRIGGER assets_set_search_trg
  BEFORE INSERT OR UPDATE OF name, organisation, tags, description, category_code ON assets
  FOR EACH ROW EXECUTE FUNCTION assets_set_search();
UPDATE assets SET name = name;

CREATE INDEX assets_search_document_idx ON assets USING gin (search_document);
CREATE INDEX assets_search_text_trgm_idx ON assets USING gin (search_text gin_trgm_ops);

-- Weekly opening intervals derived from opening_hours (OSM syntax) by the API, which
-- parses the syntax with a maintained library. Minutes from Monday 00:00, Europe/London
-- wall-clock time; an interval past midnight is split in two.
CREATE TABLE asset_open_intervals (
  asset_id uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  opens    smallint NOT NULL CHECK (opens BETWEEN 0 AND 10080),
  closes   smallint NOT NULL CHECK (closes BETWEEN 0 AND 10080),
  CHECK (opens < closes)
);
CREATE INDEX asset_open_intervals_asset_idx ON asset_open_intervals (asset_id);

-- The public view again, so it carries the new columns (a view fixes its columns when made).
CREATE OR REPLACE VIEW public_assets AS
  SELECT a.*
  FROM assets a
  WHERE a.review_state = 'published'
    AND NOT a.sensitive;
