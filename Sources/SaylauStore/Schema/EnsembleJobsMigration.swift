extension Schema {
  /// Step 16: the tables through which distributed ensembles are shared out (SaylauCluster): jobs, the
  /// state of each chain (progress, checkpoint, lease), the step records, and a log of stored blocks.
  /// PostgreSQL only (leases are claimed with `FOR UPDATE SKIP LOCKED`); on SQLite the step is empty.
  static let ensembleJobsMigration = Migration(
    16, "distributed ensembles", [],
    dialectSpecific: [
      .postgres: [
        """
        CREATE TABLE ensemble_jobs (
            id TEXT PRIMARY KEY,
            settings TEXT NOT NULL,
            graph_file TEXT,
            basic_metrics SMALLINT NOT NULL DEFAULT 0,
            segment_steps BIGINT NOT NULL,
            lease_seconds BIGINT NOT NULL,
            collect_to TEXT,
            state TEXT NOT NULL,
            created_at TIMESTAMPTZ NOT NULL DEFAULT now()
        )
        """,
        """
        CREATE TABLE ensemble_chains (
            job_id TEXT NOT NULL REFERENCES ensemble_jobs(id) ON DELETE CASCADE,
            chain BIGINT NOT NULL,
            step BIGINT NOT NULL DEFAULT 0,
            checkpoint_step BIGINT NOT NULL DEFAULT 0,
            assignment TEXT,
            done SMALLINT NOT NULL DEFAULT 0,
            worker TEXT,
            lease_until TIMESTAMPTZ,
            claims BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (job_id, chain)
        )
        """,
        """
        CREATE TABLE ensemble_steps (
            job_id TEXT NOT NULL,
            chain BIGINT NOT NULL,
            step BIGINT NOT NULL,
            record TEXT NOT NULL,
            PRIMARY KEY (job_id, chain, step)
        )
        """,
        """
        CREATE TABLE ensemble_blocks (
            job_id TEXT NOT NULL,
            chain BIGINT NOT NULL,
            first_step BIGINT NOT NULL,
            last_step BIGINT NOT NULL,
            worker TEXT NOT NULL,
            compute_seconds DOUBLE PRECISION NOT NULL,
            plans BYTEA,
            committed_at TIMESTAMPTZ NOT NULL DEFAULT now(),
            PRIMARY KEY (job_id, chain, first_step)
        )
        """,
      ],
      .sqlite: [],
    ])
}
