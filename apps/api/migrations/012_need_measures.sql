-- Custom need measures (issue 5): a worker loads another measure of need keyed by LSOA code
-- from a CSV (a local survey, or a licensed index such as the Community Needs Index, which
-- the product must not redistribute) and uses it wherever an IoD domain can be used, named
-- 'need:<slug>'.
--
-- Kept apart from need_measures (001: the IoD long table) on purpose: every public surface
-- reads that table freely (area profiles, the deprivation download, tile deciles), and a
-- workers-only measure must not appear there by accident. need_values() below is the one
-- place both kinds are read the same way.

CREATE TABLE custom_need_measures (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  slug        text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,59}$'),
  name        text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  description text NOT NULL DEFAULT '',
  -- Where the figures come from and under what licence, in the uploader's words.
  source      text NOT NULL DEFAULT '',
  direction   text NOT NULL CHECK (direction IN ('higher_is_more_need', 'lower_is_more_need')),
  -- 'workers' by default: a licensed index must not be redistributed to the public.
  visibility  text NOT NULL DEFAULT 'workers' CHECK (visibility IN ('workers', 'public')),
  uploaded_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  -- LSOAs with a value, and their share of England's LSOAs when loaded.
  row_count   integer NOT NULL CHECK (row_count > 0),
  coverage    double precision NOT NULL CHECK (coverage > 0 AND coverage <= 1),
  min_value   double precision NOT NULL,
  max_value   double precision NOT NULL
);

-- One value per covered LSOA, with its rank and decile among the covered LSOAs, computed
-- once at upload by the API (packages/geo needRanks): rank 1 = most need, by the measure's
-- direction; tied values share the best (lowest) rank of their group; decile =
-- ⌈10 × rank / n⌉ over the n covered LSOAs (MHCLG's rank-to-decile rule, at least 10), so
-- a tie shares the better decile (the most-need decile may hold more than a tenth).
CREATE TABLE custom_need_measure_values (
  measure_id uuid NOT NULL REFERENCES custom_need_measures (id) ON DELETE CASCADE,
  lsoa_code  text NOT NULL REFERENCES areas (code) ON DELETE CASCADE,
  value      double precision NOT NULL,
  rank       integer NOT NULL CHECK (rank >= 1),
  decile     smallint NOT NULL CHECK (decile BETWEEN 1 AND 10),
  PRIMARY KEY (measure_id, lsoa_code)
);

-- The deciles and ranks of one need domain, built in or custom: 'imd', 'income', … read
-- the IoD 2025 rows; 'need:<slug>' a custom measure's. Callers check who may see a custom
-- measure before they ask (apps/api need-domain.ts).
CREATE FUNCTION need_values(domain text)
RETURNS TABLE (area_code text, rank integer, decile integer)
LANGUAGE sql STABLE AS $$
  SELECT m.area_code, m.rank, m.decile::int
  FROM need_measures m
  WHERE m.measure = domain AND m.vintage = 'IoD2025'
  UNION ALL
  SELECT v.lsoa_code, v.rank, v.decile::int
  FROM custom_need_measure_values v
  JOIN custom_need_measures c ON c.id = v.measure_id
  WHERE domain LIKE 'need:%' AND c.slug = substr(domain, 6)
$$;
