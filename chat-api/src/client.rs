//! The client: one pooled HTTP connection set, one cached admin UserSig, and [`Client::call`], which
//! every generated method goes through.

use crate::Region;
use crate::error::{BuildError, Error, excerpt, scrub};
use crate::pacer::Pacer;
use crate::retry::{RetryPolicy, Verdict};
use crate::runtime::{Endpoint, decode_reply};
use crate::secret::SecretKey;
use crate::signer::AdminSigner;
use bytes::Bytes;
use reqwest::header::HeaderValue;
use std::fmt::{self, Write as _};
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

/// A client of one Chat app's REST API, acting as one of its admin accounts.
///
/// Cheap to clone (clones share the connection pool and the UserSig), `Send` and `Sync`.
/// Endpoints are grouped by service: `client.group().destroy_group(...)`,
/// `client.sns().group_delete(...)`, `client.recent_contact().del_contact_group(...)`.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    /// `https://host/v4/`.
    base: String,
    /// `sdkappid=...&identifier=...`, already encoded.
    query_prefix: String,
    sdkappid: u64,
    admin: String,
    signer: AdminSigner,
    check_limits: bool,
    retry: RetryPolicy,
    pacer: Option<Pacer>,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    max_reply_bytes: usize,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("sdkappid", &self.inner.sdkappid)
            .field("admin", &self.inner.admin)
            .field("base", &self.inner.base)
            .field("check_limits", &self.inner.check_limits)
            .finish_non_exhaustive()
    }
}

/// Settings for a [`Client`]; start with [`Client::builder`].
#[derive(Debug)]
#[must_use]
pub struct ClientBuilder {
    sdkappid: u64,
    admin: String,
    key: SecretKey,
    region: Region,
    base_url: Option<String>,
    timeout: Duration,
    attempt_timeout: Option<Duration>,
    connect_timeout: Duration,
    check_limits: bool,
    usersig_ttl: Duration,
    env_proxy: bool,
    retry: RetryPolicy,
    pace: bool,
    /// Own HTTP client, proxy, root certificates, reply cap (`http.rs`).
    pub(crate) http: crate::http::HttpOptions,
}

impl Client {
    /// Settings for a client of app `sdkappid`, acting as admin account `admin`, signing with the
    /// app's secret `key`, against the host of `region`.
    pub fn builder(
        sdkappid: u64,
        admin: impl Into<String>,
        key: impl Into<SecretKey>,
        region: Region,
    ) -> ClientBuilder {
        ClientBuilder {
            sdkappid,
            admin: admin.into(),
            key: key.into(),
            region,
            base_url: None,
            timeout: Duration::from_secs(10),
            attempt_timeout: None,
            connect_timeout: Duration::from_secs(5),
            check_limits: true,
            usersig_ttl: Duration::from_secs(24 * 3600),
            env_proxy: true,
            retry: RetryPolicy::default(),
            pace: false,
            http: crate::http::HttpOptions::default(),
        }
    }

    /// A client with the default settings.
    ///
    /// # Errors
    /// See [`ClientBuilder::build`].
    pub fn new(
        sdkappid: u64,
        admin: impl Into<String>,
        key: impl Into<SecretKey>,
        region: Region,
    ) -> Result<Client, BuildError> {
        Client::builder(sdkappid, admin, key, region).build()
    }

    /// Calls endpoint `E` with `request`. Generated methods call this; call it directly for an
    /// [`Endpoint`] of your own.
    ///
    /// Checks the request's documented limits (unless switched off), signs with the cached admin
    /// UserSig, posts the JSON body and decodes the reply.
    ///
    /// # Errors
    /// See [`Error`]: the endpoint's error codes, a refused request, HTTP and transport failures, and
    /// replies that do not decode.
    pub async fn call<E: Endpoint>(&self, request: &E) -> Result<E::Response, Error<E::Error>> {
        let inner = &*self.inner;
        if inner.check_limits {
            request.check_limits().map_err(|v| Error::Refused(v.at_endpoint(E::PATH)))?;
        }
        let body: Bytes =
            serde_json::to_vec(request).map_err(|e| Error::Encode { endpoint: E::PATH, reason: e.to_string() })?.into();
        let span = tracing::info_span!(
            "chat_api.call",
            endpoint = E::PATH,
            attempts = tracing::field::Empty,
            code = tracing::field::Empty,
            latency_ms = tracing::field::Empty,
        );
        let started = Instant::now();
        // `timeout` bounds the whole call: attempts, backoff and pacing waits.
        let after = |d: Duration| started.checked_add(d).unwrap_or(started + Duration::from_secs(u64::from(u32::MAX)));
        let mut deadline = after(inner.timeout);
        if let Some(d) = inner.retry.overall_deadline() {
            deadline = deadline.min(after(d));
        }
        let dedup = request.carries_dedup_key();
        let mut attempt = 1;
        let result = loop {
            // A place in the endpoint's window, held until the attempt ends (pacing only).
            let mut place = None;
            if let (Some(pacer), Some(rate)) = (&inner.pacer, E::RATE_LIMIT) {
                let mut waited = Duration::ZERO;
                while place.is_none() {
                    match pacer.start(E::PATH, rate, Instant::now()) {
                        Ok(p) => place = Some(p),
                        Err(wait) if Instant::now() + wait >= deadline => break,
                        Err(wait) => {
                            waited += wait;
                            tokio::time::sleep(wait).await;
                        }
                    }
                }
                if place.is_none() {
                    tracing::debug!(parent: &span, attempt, "no time left to wait for the call frequency");
                    break Err(Error::Timeout { endpoint: E::PATH });
                }
                if !waited.is_zero() {
                    tracing::debug!(parent: &span, wait_ms = waited.as_millis() as u64, "paced to the documented call frequency");
                }
            }
            let tried = Instant::now();
            let left = deadline.saturating_duration_since(tried);
            let result = self.attempt::<E>(body.clone(), inner.attempt_timeout.map_or(left, |t| t.min(left))).await;
            drop(place);
            let latency_ms = tried.elapsed().as_millis() as u64;
            let error = match result {
                Ok(reply) => {
                    tracing::debug!(parent: &span, attempt, latency_ms, "ok");
                    break Ok(reply);
                }
                Err(e) => e,
            };
            tracing::debug!(parent: &span, attempt, latency_ms, code = error.code(), error = %error, "failed");
            if inner.retry.verdict(&error, E::IDEMPOTENT, dedup, attempt) == Verdict::Stop {
                break Err(error);
            }
            let wait = inner.retry.wait_before(&error, E::RATE_LIMIT, attempt + 1);
            if Instant::now() + wait >= deadline {
                tracing::debug!(parent: &span, attempt, "no time left for another attempt");
                break Err(error);
            }
            tracing::info!(parent: &span, attempt, wait_ms = wait.as_millis() as u64, error = %error, "retrying");
            tokio::time::sleep(wait).await;
            attempt += 1;
        };
        span.record("attempts", attempt);
        span.record("latency_ms", started.elapsed().as_millis() as u64);
        if let Err(e) = &result {
            if let Some(code) = e.code() {
                span.record("code", code);
            }
        }
        result
    }

    /// One try within `timeout`: sign, post, read, decode.
    async fn attempt<E: Endpoint>(&self, body: Bytes, timeout: Duration) -> Result<E::Response, Error<E::Error>> {
        let (url, sig) = self.url(E::PATH);
        let reply = self
            .inner
            .http
            .post(url)
            .header(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"))
            .timeout(timeout)
            .body(body)
            .send()
            .await
            .map_err(|e| transport_error(E::PATH, e))?;
        let status = reply.status();
        let bytes = crate::http::read_reply(E::PATH, reply, self.inner.max_reply_bytes).await?;
        // Whatever a failure keeps of the body (texts, decode reasons, excerpts, the reply) must not
        // carry the UserSig, should the server echo it: on the failure paths the body is scrubbed
        // before it is read again. A successful reply is the caller's data and is left alone.
        if status != reqwest::StatusCode::OK {
            return Err(Error::Status {
                endpoint: E::PATH,
                status: status.as_u16(),
                body: excerpt(&scrub(&bytes, &sig)),
            });
        }
        decode_reply::<E>(&bytes).or_else(|_| decode_reply::<E>(&scrub(&bytes, &sig)))
    }

    /// The request URL (base, path, and the query every call carries, with a fresh `random`) and
    /// the UserSig in it. The UserSig's alphabet needs no percent-encoding (see [`encode`]).
    fn url(&self, path: &str) -> (String, Arc<str>) {
        let inner = &*self.inner;
        let sig = inner.signer.usersig(unix_now());
        let random = fastrand::u32(..);
        let url = format!("{}{path}?{}&usersig={sig}&random={random}&contenttype=json", inner.base, inner.query_prefix);
        (url, sig)
    }

    /// The app this client acts for.
    pub fn sdkappid(&self) -> u64 {
        self.inner.sdkappid
    }

    /// The admin account this client acts as.
    pub fn admin(&self) -> &str {
        &self.inner.admin
    }

    /// How many admin UserSigs this client (and its clones) has signed so far: one, plus one per
    /// renewal. For monitoring and benchmarks.
    pub fn usersig_signatures(&self) -> u64 {
        self.inner.signer.signatures()
    }
}

impl ClientBuilder {
    /// Sends requests to `url` (e.g. `http://127.0.0.1:8080`) instead of the region's host: for tests
    /// and proxies. `/v4/<service>/<command>` is appended.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Time allowed for a whole call: every attempt, the waits between them and any pacing wait
    /// (default 10 s). No attempt starts, and no wait begins, that would end past it. The retry
    /// policy's own [`deadline`](RetryPolicy::deadline) applies too; the earlier one wins.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// Time allowed for one attempt, connecting and reading the reply included (default: whatever
    /// is left of [`timeout`](Self::timeout)). A shorter one leaves time to retry a hung attempt.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// Time allowed to connect (default 5 s).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Whether to refuse requests that break a documented limit before sending them (default on).
    /// Switch it off if the vendor has loosened a limit before the spec caught up.
    pub fn check_limits(mut self, on: bool) -> Self {
        self.check_limits = on;
        self
    }

    /// Lifetime of the admin UserSig the client signs (default 24 h, at least 60 s, at most
    /// [`usersig::MAX_LIFETIME`](crate::usersig::MAX_LIFETIME)). It is renewed when a tenth of the
    /// lifetime is left.
    pub fn usersig_ttl(mut self, ttl: Duration) -> Self {
        self.usersig_ttl = ttl;
        self
    }

    /// How failed calls are retried (default: [`RetryPolicy::default`], three attempts, only where
    /// safe). [`RetryPolicy::none`] tries every call once.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// Whether to keep each endpoint within its documented call frequency on this client, delaying
    /// calls of a burst instead of letting the service refuse them (default off). Clones of the
    /// client share the pacing.
    pub fn pace_to_rate_limits(mut self, on: bool) -> Self {
        self.pace = on;
        self
    }

    /// Whether to honour the `HTTPS_PROXY`/`HTTP_PROXY`/`NO_PROXY` environment variables (default
    /// on). A loopback base URL (`127.0.0.1`, `localhost`, `[::1]`) never goes through a proxy.
    pub fn proxy_from_env(mut self, on: bool) -> Self {
        self.env_proxy = on;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    /// [`BuildError::BaseUrl`] for a base URL that is not http(s), [`BuildError::Http`] when the TLS
    /// stack cannot be set up.
    pub fn build(self) -> Result<Client, BuildError> {
        let base = match &self.base_url {
            Some(url) if url.starts_with("http://") || url.starts_with("https://") => {
                format!("{}/v4/", url.trim_end_matches('/'))
            }
            Some(url) => return Err(BuildError::BaseUrl(url.clone())),
            None => format!("https://{}/v4/", self.region.host()),
        };
        // Each attempt gets its own timeout (the time left of the call, or `attempt_timeout`), so the
        // reqwest client has none of its own.
        let http = self.http.client(self.connect_timeout, !self.env_proxy || is_loopback(&base))?;
        let query_prefix = format!("sdkappid={}&identifier={}", self.sdkappid, encode(&self.admin));
        let signer = AdminSigner::new(self.key, self.sdkappid, self.admin.clone(), self.usersig_ttl.as_secs());
        let inner = Inner {
            http,
            base,
            query_prefix,
            sdkappid: self.sdkappid,
            admin: self.admin,
            signer,
            check_limits: self.check_limits,
            retry: self.retry,
            pacer: self.pace.then(Pacer::default),
            timeout: self.timeout,
            attempt_timeout: self.attempt_timeout,
            max_reply_bytes: self.http.max_reply_bytes,
        };
        Ok(Client { inner: Arc::new(inner) })
    }
}

/// A reqwest failure as our error, without the URL (its query holds the UserSig).
pub(crate) fn transport_error<E>(endpoint: &'static str, e: reqwest::Error) -> Error<E> {
    if e.is_timeout() {
        return Error::Timeout { endpoint };
    }
    Error::Transport { endpoint, connect: e.is_connect(), source: Box::new(e.without_url()) }
}

/// Whether a base URL points at this machine, where a proxy could not reach anyway.
fn is_loopback(base: &str) -> bool {
    let host = base.split("://").nth(1).unwrap_or_default();
    ["127.0.0.1", "localhost", "[::1]"].iter().any(|h| host.starts_with(h) && host[h.len()..].starts_with([':', '/']))
}

fn unix_now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

/// Percent-encodes a query value. Letters, digits and `-._~*` pass (`*` is part of the UserSig
/// alphabet and legal in a query).
fn encode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~*".contains(&b) {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_are_percent_encoded_except_the_usersig_alphabet() {
        assert_eq!(encode("admin"), "admin");
        assert_eq!(encode("a b&c=d/中"), "a%20b%26c%3Dd%2F%E4%B8%AD");
        assert_eq!(encode("eJy*-_"), "eJy*-_");
        // `url` relies on it: a real UserSig passes unchanged.
        let sig = crate::usersig::sign(&SecretKey::new("k"), 1, "ad min/中", 1_700_000_000, 86_400, Some(b"buf"));
        assert_eq!(encode(sig.expose()), sig.expose());
    }

    #[test]
    fn loopback_base_urls_are_recognised() {
        assert!(is_loopback("http://127.0.0.1:8080/v4/"));
        assert!(is_loopback("http://localhost/v4/"));
        assert!(is_loopback("http://[::1]:1/v4/"));
        assert!(!is_loopback("http://127.0.0.10:80/v4/"));
        assert!(!is_loopback("https://localhost.example.com/v4/"));
    }

    #[test]
    fn base_url_must_be_http() {
        let b = Client::builder(1, "admin", "key", Region::Singapore);
        assert!(matches!(b.base_url("ftp://x").build(), Err(BuildError::BaseUrl(_))));
    }

    #[test]
    fn the_longest_usersig_lifetime_is_clamped() {
        let client = Client::builder(1, "admin", "k", Region::Singapore).usersig_ttl(Duration::MAX).build().unwrap();
        let sig = client.inner.signer.usersig(unix_now());
        let claims = crate::usersig::verify(&sig, &SecretKey::new("k"), 1, unix_now()).unwrap();
        assert_eq!(claims.expire, crate::usersig::MAX_LIFETIME);
    }

    #[test]
    fn debug_shows_no_secret() {
        let client = Client::new(1400000000, "admin", "my-very-secret-key", Region::Singapore).unwrap();
        let sig = client.inner.signer.usersig(unix_now());
        let debug = format!("{client:?}");
        assert!(!debug.contains("my-very-secret-key") && !debug.contains(&*sig), "{debug}");
        assert!(debug.contains("adminapisgp.im.qcloud.com"));
    }
}
