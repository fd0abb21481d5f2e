export { openDatabase, type OpenDatabaseOptions, type SqlClient, type SqlSession } from './database';
export { PgVectorStore, reciprocalRankFusion, type Chunk, type SearchFilter, type SearchHit, type VectorStoreOptions } from './store';
