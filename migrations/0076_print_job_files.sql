-- +goose Up
-- A print job's file, kept in the database so that every server serves it:
-- the batch's PDFs (one, or several that the download puts in a ZIP), each
-- stored as numbered chunks of at most 1 MiB, read one at a time.
CREATE TABLE print_job_parts (
    job_id    UUID NOT NULL REFERENCES print_jobs (id) ON DELETE CASCADE,
    part      INTEGER NOT NULL,
    name      TEXT NOT NULL,
    size      BIGINT NOT NULL,
    chunks    INTEGER NOT NULL,
    checksum  BIGINT NOT NULL,
    PRIMARY KEY (job_id, part)
);

CREATE TABLE print_job_chunks (
    job_id  UUID NOT NULL REFERENCES print_jobs (id) ON DELETE CASCADE,
    part    INTEGER NOT NULL,
    seq     INTEGER NOT NULL,
    data    BYTEA NOT NULL,
    PRIMARY KEY (job_id, part, seq)
);

-- +goose Down
DROP TABLE print_job_chunks;
DROP TABLE print_job_parts;
