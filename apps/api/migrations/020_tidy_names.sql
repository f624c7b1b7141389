-- Names as they are shown (issue 22): source files pad some ("  DR ROBERTS"). The loader now
-- stores names trimmed with single spaces (tidyName in packages/geo); this tidies what is
-- already stored, by whatever path it came in.
UPDATE assets
SET name = regexp_replace(btrim(name), '\s+', ' ', 'g')
WHERE name <> regexp_replace(btrim(name), '\s+', ' ', 'g');
