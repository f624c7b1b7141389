-- Asset tiles up to zoom 10 are now clustered (src/modules/tiles/tiles.repository.ts).
-- Cached asset tiles were built by the old query and nothing in the data has changed to
-- make the triggers of 003 forget them, so forget them here: each is rebuilt on its next
-- request.
DELETE FROM tile_cache WHERE layer = 'assets';
