-- pg_trgm declares its similarity operators as cheap as `=` (COST 1), so with a few
-- hundred expected matches the planner prefers reading every asset and computing word
-- similarity on each (measured: 170 ms for q=food on 15k assets) to the trigram GIN index
-- (9 ms). A call costs tens of microseconds, about a thousand times `=`: costed so, the
-- planner chooses the index (COST 1000 was not enough for two-word queries). The role that
-- runs migrations created the extension (004), so it owns these functions.
ALTER FUNCTION word_similarity_op(text, text) COST 1000;
ALTER FUNCTION word_similarity_commutator_op(text, text) COST 1000;
ALTER FUNCTION word_similarity(text, text) COST 1000;
