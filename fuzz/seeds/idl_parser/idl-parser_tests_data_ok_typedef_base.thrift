# reference: accepted
typedef i64 Timestamp
typedef string Name,
typedef binary Blob;
