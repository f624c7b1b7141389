-- Request counts for rate limiting, shared by every API instance (not process memory):
-- one row per client and limited route, its count and when its window ends.
CREATE TABLE rate_limits (
  key         text PRIMARY KEY,
  hits        integer NOT NULL,
  window_ends timestamptz NOT NULL
);
CREATE INDEX rate_limits_window_ends_idx ON rate_limits (window_ends);
