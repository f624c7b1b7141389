-- Progress of a long import check or apply (issue 15), for the import screen to poll. Kept
-- here, not in the API process's memory, so any API process can answer the poll and a
-- restart loses nothing but the row's freshness. The client names the row (a UUID it made)
-- so it can ask before the import's answer arrives; a row belongs to the worker who made it.
-- Rows are small and short-lived: each write removes those untouched for a day.
CREATE TABLE import_progress (
  id         uuid PRIMARY KEY,
  user_id    uuid REFERENCES users (id) ON DELETE CASCADE,
  stage      text NOT NULL CHECK (stage IN ('reading', 'checking', 'writing', 'done', 'failed')),
  done       integer NOT NULL CHECK (done >= 0),
  total      integer NOT NULL CHECK (total >= 0),
  -- Writes are not awaited and may arrive out of order: a lower seq never overwrites a higher one.
  seq        integer NOT NULL,
  started_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX import_progress_updated_idx ON import_progress (updated_at);
