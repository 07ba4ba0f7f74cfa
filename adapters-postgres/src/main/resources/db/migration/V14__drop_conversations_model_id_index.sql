-- No query looks a conversation up by its model-side id, and the id changes on every turn (the Responses
-- API gives a new one each time): this index only cost an index entry per turn.
DROP INDEX IF EXISTS conversations_model_id;
