-- The write side: residents propose, workers curate. Who changed what is kept in
-- change_history (same transaction as the change); every asset change also lands in
-- asset_change_queue, which analysis (gaps) reads in batches to bring itself up to date.

ALTER TABLE assets ADD COLUMN created_by uuid REFERENCES users (id) ON DELETE SET NULL;
ALTER TABLE assets ADD COLUMN verified_by uuid REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX assets_created_by_idx ON assets (created_by);
-- Moderation and worker lists read by state; published is the bulk and is never listed here.
CREATE INDEX assets_review_state_idx ON assets (review_state) WHERE review_state <> 'published';

-- A resident's proposal: a new asset (the asset row exists, not yet published) or an
-- edit of a published one (the asset is untouched until a worker approves).
CREATE TABLE asset_submissions (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  asset_id     uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  kind         text NOT NULL CHECK (kind IN ('create', 'edit')),
  proposed     jsonb NOT NULL,               -- an AssetInput, as validated
  base_version integer NOT NULL,             -- the asset version the proposal was made against
  status       text NOT NULL DEFAULT 'pending'
               CHECK (status IN ('pending', 'approved', 'rejected', 'changes_requested', 'withdrawn')),
  reason       text,                         -- a worker's reason for rejecting or asking for changes
  submitted_by uuid REFERENCES users (id) ON DELETE SET NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  reviewed_by  uuid REFERENCES users (id) ON DELETE SET NULL,
  reviewed_at  timestamptz
);
CREATE INDEX asset_submissions_asset_idx ON asset_submissions (asset_id);
CREATE INDEX asset_submissions_open_idx ON asset_submissions (submitted_at) WHERE status = 'pending';
CREATE INDEX asset_submissions_submitter_idx ON asset_submissions (submitted_by);

-- "Closed" or "wrong details" from anyone, signed in or not. No IP is stored: the rate
-- limit counts by address in rate_limits, which forgets within a day.
CREATE TABLE asset_reports (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  asset_id    uuid NOT NULL REFERENCES assets (id) ON DELETE CASCADE,
  kind        text NOT NULL CHECK (kind IN ('closed', 'wrong_details')),
  message     text CHECK (length(message) <= 2000),
  reporter_id uuid REFERENCES users (id) ON DELETE SET NULL,
  status      text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'resolved', 'dismissed')),
  created_at  timestamptz NOT NULL DEFAULT now(),
  resolved_by uuid REFERENCES users (id) ON DELETE SET NULL,
  resolved_at timestamptz,
  resolution_note text
);
CREATE INDEX asset_reports_asset_idx ON asset_reports (asset_id);
CREATE INDEX asset_reports_open_idx ON asset_reports (created_at) WHERE status = 'open';

-- Notes on an asset or an area (an LSOA; custom areas will add their own column).
CREATE TABLE annotations (
  id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  asset_id      uuid REFERENCES assets (id) ON DELETE CASCADE,
  area_code     text REFERENCES areas (code) ON DELETE CASCADE,
  body          text NOT NULL CHECK (length(btrim(body)) BETWEEN 1 AND 2000),
  visibility    text NOT NULL CHECK (visibility IN ('public', 'workers')),
  author_id     uuid REFERENCES users (id) ON DELETE SET NULL,
  version       integer NOT NULL DEFAULT 1,
  hidden_at     timestamptz,                 -- workers hide abusive notes; they are never deleted by others
  hidden_by     uuid REFERENCES users (id) ON DELETE SET NULL,
  hidden_reason text,
  deleted_at    timestamptz,                 -- the author deleted it: kept for history, shown to nobody
  created_at    timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now(),
  CHECK ((asset_id IS NULL) <> (area_code IS NULL))
);
CREATE INDEX annotations_asset_idx ON annotations (asset_id, created_at) WHERE asset_id IS NOT NULL;
CREATE INDEX annotations_area_idx ON annotations (area_code, created_at) WHERE area_code IS NOT NULL;
CREATE INDEX annotations_author_idx ON annotations (author_id);

-- Every change to an asset, annotation or category: who, when, before and after
-- (the entity's own JSON shape). Written in the transaction that makes the change.
CREATE TABLE change_history (
  id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  entity_type text NOT NULL CHECK (entity_type IN ('asset', 'annotation', 'category')),
  entity_id   text NOT NULL,
  version     integer,                      -- the entity's version after the change, where it has one
  action      text NOT NULL,
  actor_id    uuid REFERENCES users (id) ON DELETE SET NULL,
  -- For an approved proposal: the resident who proposed it (the actor is the worker).
  proposed_by uuid REFERENCES users (id) ON DELETE SET NULL,
  at          timestamptz NOT NULL DEFAULT now(),
  before      jsonb,
  after       jsonb,
  note        text
);
CREATE INDEX change_history_entity_idx ON change_history (entity_type, entity_id, id);
CREATE INDEX change_history_actor_idx ON change_history (actor_id);

-- A worker limited to named areas curates only assets inside them. No rows: anywhere.
-- Codes are LSOAs, wards or local authorities (named_areas); checked by the API.
CREATE TABLE user_area_limits (
  user_id   uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  area_code text NOT NULL,
  PRIMARY KEY (user_id, area_code)
);

-- Every insert, update and delete of an asset, with where it was and is and whether it
-- counted publicly, so analysis can recompute only what a change touched. A trigger,
-- so that no writer (API, loader, import) can forget it.
CREATE TABLE asset_change_queue (
  id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  asset_id      uuid NOT NULL,
  changed_at    timestamptz NOT NULL DEFAULT now(),
  operation     text NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
  old_geom_bng  geometry(Point, 27700),
  new_geom_bng  geometry(Point, 27700),
  old_category  text,
  new_category  text,
  was_public    boolean NOT NULL,
  is_public     boolean NOT NULL
);

CREATE FUNCTION assets_queue_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO asset_change_queue (asset_id, operation, new_geom_bng, new_category, was_public, is_public)
    VALUES (NEW.id, 'insert', NEW.geom_bng, NEW.category_code, false,
            NEW.review_state = 'published' AND NOT NEW.sensitive);
    RETURN NEW;
  ELSIF TG_OP = 'UPDATE' THEN
    INSERT INTO asset_change_queue (asset_id, operation, old_geom_bng, new_geom_bng, old_category, new_category, was_public, is_public)
    VALUES (NEW.id, 'update', OLD.geom_bng, NEW.geom_bng, OLD.category_code, NEW.category_code,
            OLD.review_state = 'published' AND NOT OLD.sensitive,
            NEW.review_state = 'published' AND NOT NEW.sensitive);
    RETURN NEW;
  ELSE
    INSERT INTO asset_change_queue (asset_id, operation, old_geom_bng, old_category, was_public, is_public)
    VALUES (OLD.id, 'delete', OLD.geom_bng, OLD.category_code,
            OLD.review_state = 'published' AND NOT OLD.sensitive, false);
    RETURN OLD;
  END IF;
END $$;
CREATE TRIGGER assets_queue_change_trg
  AFTER INSERT OR UPDATE OR DELETE ON assets
  FOR EACH ROW EXECUTE FUNCTION assets_queue_change();
