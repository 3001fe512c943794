//! Where the shared store is: a `postgres://` (or `postgresql://`) address,
//! read as libpq reads one, with two parameters of citecheck's own
//! (`schema`), and shown everywhere without its password.

use std::fmt;
use std::sync::Arc;
use std::time::Duration;

use percent_encoding::percent_decode_str;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{DigitallySignedStruct, SignatureScheme};
use tokio_postgres::config::SslMode;
use url::Url;

/// The schema the tables are made in unless the address names one.
pub const DEFAULT_SCHEMA: &str = "citecheck";

/// How long connecting may take before the store counts as unreachable.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);

/// Whether `text` names a PostgreSQL store rather than an SQLite file.
#[must_use]
pub fn is_postgres(text: &str) -> bool {
    let lower = text.get(..13).unwrap_or(text).to_ascii_lowercase();
    lower.starts_with("postgres://") || lower.starts_with("postgresql://")
}

/// How the connection is encrypted, as libpq's `sslmode` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tls {
    /// `disable`: never.
    Disable,
    /// `prefer` (the default, as libpq's): when the server offers it, with
    /// no check of its certificate.
    Prefer,
    /// `require`: always, with no check of the certificate (libpq's meaning).
    Require,
    /// `verify-ca` and `verify-full`: always, the certificate checked
    /// against Mozilla's roots and the host name.
    Verify,
}

/// A parsed address of the shared store.
#[derive(Clone)]
pub struct PgAddress {
    /// What the driver connects with (the password among it).
    pub(super) config: tokio_postgres::Config,
    /// The schema the tables live in.
    pub(super) schema: String,
    /// How the connection is encrypted.
    pub(super) tls: Tls,
    /// The address as shown: no password, ever.
    shown: String,
}

/// Why an address cannot be used.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{shown}: not a usable PostgreSQL address: {why}")]
pub struct BadAddress {
    /// The address, its password removed.
    pub shown: String,
    /// What is wrong with it.
    pub why: String,
}

impl PgAddress {
    /// Reads `postgres://user[:password]@host[:port]/database[?params]`.
    /// Parameters: `sslmode`, `schema` (citecheck's: the tables' schema),
    /// `host` (a Unix socket folder), `application_name`, `connect_timeout`.
    /// Without a password in the address, `PGPASSWORD` is used, as libpq does.
    ///
    /// # Errors
    /// [`BadAddress`], naming the address without its password.
    pub fn parse(text: &str) -> Result<Self, BadAddress> {
        let hidden = hide_password(text);
        let bad = |why: String| BadAddress {
            shown: hidden.clone(),
            why,
        };
        let url = Url::parse(text).map_err(|e| bad(e.to_string()))?;
        let mut config = tokio_postgres::Config::new();
        config.application_name("citecheck");
        config.connect_timeout(CONNECT_TIMEOUT);
        let decode = |s: &str| percent_decode_str(s).decode_utf8_lossy().into_owned();
        let user = if url.username().is_empty() {
            std::env::var("PGUSER").unwrap_or_else(|_| "postgres".to_owned())
        } else {
            decode(url.username())
        };
        config.user(&user);
        match url.password() {
            Some(password) => {
                config.password(decode(password));
            }
            None => {
                if let Ok(password) = std::env::var("PGPASSWORD") {
                    config.password(password);
                }
            }
        }
        let mut host = url
            .host_str()
            .map(|h| h.trim_matches(['[', ']']).to_owned());
        let database = decode(url.path().trim_start_matches('/'));
        config.dbname(if database.is_empty() {
            &user
        } else {
            &database
        });
        config.port(url.port().unwrap_or(5432));
        let mut schema = DEFAULT_SCHEMA.to_owned();
        let mut tls = Tls::Prefer;
        for (name, value) in url.query_pairs() {
            match name.as_ref() {
                "sslmode" => {
                    tls = match value.as_ref() {
                        "disable" => Tls::Disable,
                        "allow" | "prefer" => Tls::Prefer,
                        "require" => Tls::Require,
                        "verify-ca" | "verify-full" => Tls::Verify,
                        other => return Err(bad(format!("unknown sslmode “{other}”"))),
                    };
                }
                "schema" => {
                    if !is_identifier(&value) {
                        return Err(bad(format!(
                            "schema “{value}” is not a plain name (letters, digits, _; not starting with a digit)"
                        )));
                    }
                    schema = value.into_owned();
                }
                "host" => host = Some(value.into_owned()),
                "application_name" => {
                    config.application_name(value.as_ref());
                }
                "connect_timeout" => {
                    let secs: u64 = value
                        .parse()
                        .map_err(|_| bad(format!("connect_timeout “{value}” is not seconds")))?;
                    config.connect_timeout(Duration::from_secs(secs.max(1)));
                }
                other => return Err(bad(format!("unknown parameter “{other}”"))),
            }
        }
        let Some(host) = host.filter(|h| !h.is_empty()) else {
            return Err(bad("no host".to_owned()));
        };
        config.host(&host);
        config.ssl_mode(match tls {
            Tls::Disable => SslMode::Disable,
            Tls::Prefer => SslMode::Prefer,
            Tls::Require | Tls::Verify => SslMode::Require,
        });
        let port = url.port().unwrap_or(5432);
        let db = config.get_dbname().unwrap_or_default().to_owned();
        let shown = format!("postgres://{user}@{host}:{port}/{db} (schema {schema})");
        Ok(Self {
            config,
            schema,
            tls,
            shown,
        })
    }

    /// The rustls settings of the connection.
    pub(super) fn tls_config(&self) -> rustls::ClientConfig {
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(Arc::clone(&provider))
            .with_protocol_versions(rustls::ALL_VERSIONS)
            .expect("ring speaks TLS 1.2 and 1.3");
        if self.tls == Tls::Verify {
            let roots = rustls::RootCertStore {
                roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
            };
            builder.with_root_certificates(roots).with_no_client_auth()
        } else {
            builder
                .dangerous()
                .with_custom_certificate_verifier(Arc::new(Unverified(provider)))
                .with_no_client_auth()
        }
    }
}

impl fmt::Display for PgAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.shown)
    }
}

impl fmt::Debug for PgAddress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PgAddress({})", self.shown)
    }
}

impl PartialEq for PgAddress {
    fn eq(&self, other: &Self) -> bool {
        self.shown == other.shown
    }
}

/// A name PostgreSQL takes without quotes.
fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        && name.len() <= 63
}

/// The address with any password replaced by `***`, for messages about an
/// address that could not even be read.
#[must_use]
pub fn hide_password(text: &str) -> String {
    let Some((scheme, rest)) = text.split_once("://") else {
        return text.to_owned();
    };
    let authority_end = rest.find(['/', '?']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((credentials, host)) => {
            let user = credentials.split(':').next().unwrap_or_default();
            let hidden = if credentials.contains(':') {
                ":***"
            } else {
                ""
            };
            let tail = hide_query_password(tail);
            format!("{scheme}://{user}{hidden}@{host}{tail}")
        }
        None => format!("{scheme}://{authority}{}", hide_query_password(tail)),
    }
}

/// A `password=` parameter hidden.
fn hide_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_owned();
    };
    let params: Vec<String> = query
        .split('&')
        .map(|p| {
            if p.to_ascii_lowercase().starts_with("password=") {
                "password=***".to_owned()
            } else {
                p.to_owned()
            }
        })
        .collect();
    format!("{path}?{}", params.join("&"))
}

/// libpq's `require` and `prefer`: encrypted, the certificate not checked,
/// the handshake's signatures still verified.
#[derive(Debug)]
struct Unverified(Arc<rustls::crypto::CryptoProvider>);

impl ServerCertVerifier for Unverified {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls12_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        rustls::crypto::verify_tls13_signature(
            message,
            cert,
            dss,
            &self.0.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.0.signature_verification_algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_password_is_never_shown() {
        let a = PgAddress::parse(
            "postgres://ci:s3cret@db.example:6543/audit?sslmode=require&schema=wiki",
        )
        .unwrap();
        assert_eq!(
            a.to_string(),
            "postgres://ci@db.example:6543/audit (schema wiki)"
        );
        assert!(!format!("{a:?}").contains("s3cret"));
        assert_eq!(a.tls, Tls::Require);
        let bad = PgAddress::parse("postgres://ci:s3cret@db.example/audit?sslmode=sometimes")
            .unwrap_err();
        assert!(!bad.to_string().contains("s3cret"), "{bad}");
        assert!(bad.to_string().contains("sslmode"), "{bad}");
        assert_eq!(
            hide_password("postgresql://u:p%40ss@h/db?password=x&sslmode=disable"),
            "postgresql://u:***@h/db?password=***&sslmode=disable"
        );
    }

    #[test]
    fn defaults_follow_libpq() {
        let a = PgAddress::parse("postgresql://u@localhost/").unwrap();
        assert_eq!(
            a.to_string(),
            "postgres://u@localhost:5432/u (schema citecheck)"
        );
        assert_eq!(a.tls, Tls::Prefer);
        assert!(is_postgres("POSTGRES://x"));
        assert!(!is_postgres(".citecheck/cache.sqlite"));
        assert!(PgAddress::parse("postgres://u@h/db?schema=1x").is_err());
        assert!(PgAddress::parse("postgres://u@h/db?schema=a;drop").is_err());
    }
}
