//! The shared store's tables and functions, in the schema the address names,
//! and their upgrades: each version's steps, applied once, in order, by the
//! first process that finds the store behind (an advisory lock makes the
//! others wait for it).

use tokio_postgres::Client;

/// The store's schema version, kept in `meta`.
pub(super) const SCHEMA_VERSION: i32 = 1;

/// The steps from version `n` to `n + 1`, `{s}` standing for the schema.
const STEPS: &[&str] = &[
    // Version 1: what the SQLite file keeps (verdicts with their archive's
    // answer, page metadata and fingerprint, page texts, catalogue entries),
    // and what processes share: claims on URLs, host slots and each host's
    // next allowed start, leases fenced by one increasing token.
    r"
CREATE TABLE {s}.links (
    id      bigserial PRIMARY KEY,
    url     text NOT NULL,
    options text NOT NULL,
    UNIQUE (url, options)
);
CREATE TABLE {s}.observations (
    id            bigserial PRIMARY KEY,
    link_id       bigint NOT NULL REFERENCES {s}.links (id),
    checked_at    timestamptz NOT NULL,
    status        text NOT NULL,
    http_status   integer,
    final_url     text,
    archive_url   text,
    detail        text NOT NULL,
    archive_asked text,
    page          text,
    fingerprint   text
);
CREATE INDEX observations_by_link ON {s}.observations (link_id, checked_at);
CREATE TABLE {s}.page_texts (
    link_id     bigint PRIMARY KEY REFERENCES {s}.links (id),
    fingerprint text NOT NULL,
    text        text NOT NULL
);
CREATE TABLE {s}.books (
    isbn13       text NOT NULL,
    endpoint     text NOT NULL,
    fetched_at   timestamptz NOT NULL,
    found        boolean NOT NULL,
    title        text,
    authors      text NOT NULL,
    publishers   text NOT NULL,
    publish_date text,
    PRIMARY KEY (isbn13, endpoint)
);
CREATE SEQUENCE {s}.fence;
CREATE TABLE {s}.claims (
    url        text NOT NULL,
    options    text NOT NULL,
    owner      text NOT NULL,
    token      bigint NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (url, options)
);
CREATE INDEX claims_by_owner ON {s}.claims (owner);
CREATE TABLE {s}.hosts (
    host    text PRIMARY KEY,
    next_at timestamptz NOT NULL DEFAULT '-infinity'
);
CREATE TABLE {s}.host_slots (
    token      bigint PRIMARY KEY,
    host       text NOT NULL,
    owner      text NOT NULL,
    expires_at timestamptz NOT NULL
);
CREATE INDEX host_slots_by_host ON {s}.host_slots (host);
CREATE INDEX host_slots_by_owner ON {s}.host_slots (owner);

-- A slot of a host, when it has room and its next start is due: the token,
-- or none and how long to wait (0: full, ask again shortly).
CREATE FUNCTION {s}.take_slot(p_host text, p_limit integer, p_interval_ms integer,
                              p_owner text, p_lease_ms integer,
                              OUT token bigint, OUT wait_ms integer)
LANGUAGE plpgsql AS $$
DECLARE
    due  timestamptz;
    live integer;
BEGIN
    INSERT INTO {s}.hosts (host) VALUES (p_host) ON CONFLICT DO NOTHING;
    SELECT h.next_at INTO due FROM {s}.hosts h WHERE h.host = p_host FOR UPDATE;
    IF due > clock_timestamp() THEN
        token := NULL;
        wait_ms := GREATEST(1, CEIL(EXTRACT(EPOCH FROM (due - clock_timestamp())) * 1000))::integer;
        RETURN;
    END IF;
    DELETE FROM {s}.host_slots s WHERE s.host = p_host AND s.expires_at < clock_timestamp();
    SELECT count(*) INTO live FROM {s}.host_slots s WHERE s.host = p_host;
    IF live >= p_limit THEN
        token := NULL;
        wait_ms := 0;
        RETURN;
    END IF;
    token := nextval('{s}.fence');
    wait_ms := 0;
    INSERT INTO {s}.host_slots (token, host, owner, expires_at)
    VALUES (token, p_host, p_owner, clock_timestamp() + p_lease_ms * interval '1 millisecond');
    UPDATE {s}.hosts SET next_at = clock_timestamp() + p_interval_ms * interval '1 millisecond'
    WHERE host = p_host;
END $$;

-- One observation, written only under the writer's claim (its token still
-- the claim's) or, for a URL it did not claim, when no other process holds
-- it; the claim is then given up. False when the write was refused.
CREATE FUNCTION {s}.record(p_url text, p_options text, p_token bigint, p_owner text,
                           p_checked_at timestamptz, p_status text, p_http_status integer,
                           p_final_url text, p_archive_url text, p_detail text, p_page text,
                           p_fingerprint text, p_text text)
RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    held   bigint;
    holder text;
    until  timestamptz;
    link   bigint;
BEGIN
    SELECT c.token, c.owner, c.expires_at INTO held, holder, until FROM {s}.claims c
    WHERE c.url = p_url AND c.options = p_options FOR UPDATE;
    IF p_token IS NOT NULL AND held IS DISTINCT FROM p_token THEN
        RETURN false;
    END IF;
    IF p_token IS NULL AND held IS NOT NULL AND holder <> p_owner
       AND until > clock_timestamp() THEN
        RETURN false;
    END IF;
    INSERT INTO {s}.links (url, options) VALUES (p_url, p_options)
    ON CONFLICT (url, options) DO UPDATE SET url = excluded.url
    RETURNING id INTO link;
    INSERT INTO {s}.observations (link_id, checked_at, status, http_status, final_url,
                                  archive_url, detail, page, fingerprint)
    VALUES (link, p_checked_at, p_status, p_http_status, p_final_url, p_archive_url,
            p_detail, p_page, p_fingerprint);
    IF p_text IS NOT NULL AND p_fingerprint IS NOT NULL THEN
        INSERT INTO {s}.page_texts (link_id, fingerprint, text)
        VALUES (link, p_fingerprint, p_text)
        ON CONFLICT (link_id) DO UPDATE SET fingerprint = excluded.fingerprint,
                                            text = excluded.text;
    END IF;
    IF p_token IS NOT NULL THEN
        DELETE FROM {s}.claims c WHERE c.url = p_url AND c.options = p_options
                                   AND c.token = p_token;
    END IF;
    RETURN true;
END $$;
",
];

/// Brings the store in `schema` to [`SCHEMA_VERSION`]. Returns the version
/// found when it is newer than this citecheck knows.
pub(super) async fn migrate(
    client: &mut Client,
    schema: &str,
) -> Result<Option<i32>, tokio_postgres::Error> {
    let tx = client.transaction().await?;
    // One process at a time upgrades a schema; the others wait, then find
    // it current. The lock ends with the transaction.
    tx.execute(
        "SELECT pg_advisory_xact_lock(hashtext('citecheck schema ' || $1))",
        &[&schema],
    )
    .await?;
    tx.batch_execute(&format!(
        "CREATE SCHEMA IF NOT EXISTS {schema};
         CREATE TABLE IF NOT EXISTS {schema}.meta (key text PRIMARY KEY, value text NOT NULL);"
    ))
    .await?;
    let found = tx
        .query_opt(
            &format!("SELECT value FROM {schema}.meta WHERE key = 'schema_version'"),
            &[],
        )
        .await?
        .and_then(|row| row.get::<_, String>(0).parse::<i32>().ok())
        .unwrap_or(0);
    if found > SCHEMA_VERSION {
        return Ok(Some(found));
    }
    for step in STEPS.iter().skip(usize::try_from(found).unwrap_or(0)) {
        tx.batch_execute(&step.replace("{s}", schema)).await?;
    }
    tx.execute(
        &format!(
            "INSERT INTO {schema}.meta (key, value) VALUES ('schema_version', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        &[&SCHEMA_VERSION.to_string()],
    )
    .await?;
    tx.commit().await?;
    Ok(None)
}
