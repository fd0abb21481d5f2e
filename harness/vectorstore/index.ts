export { openDatabase, type SqlClient } from './database';
export { PgVectorStore, reciprocalRankFusion, type Chunk } from './store';
