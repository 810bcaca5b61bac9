//! The HTTP layer under the client, open to the application: its own `reqwest::Client` (for
//! middleware, shared pools, custom DNS), an explicit proxy, extra root certificates, the TLS
//! backend (cargo features `rustls`, the default, and `native-tls`), and a cap on reply size.

use crate::ClientBuilder;
use crate::client::transport_error;
use crate::error::{BuildError, Error};
use std::time::Duration;

/// `User-Agent` of the requests the client's own HTTP client sends.
pub const USER_AGENT: &str = concat!("chat-api/", env!("CARGO_PKG_VERSION"));

/// Default cap on a reply body: far above any documented reply, far below trouble.
pub const DEFAULT_MAX_REPLY_BYTES: usize = 16 << 20;

/// The HTTP settings of a [`ClientBuilder`].
#[derive(Debug)]
pub(crate) struct HttpOptions {
    client: Option<reqwest::Client>,
    proxy: Option<String>,
    root_certificates: Vec<Vec<u8>>,
    pub(crate) max_reply_bytes: usize,
}

impl Default for HttpOptions {
    fn default() -> Self {
        HttpOptions {
            client: None,
            proxy: None,
            root_certificates: Vec::new(),
            max_reply_bytes: DEFAULT_MAX_REPLY_BYTES,
        }
    }
}

impl ClientBuilder {
    /// Sends requests through `client` instead of one the builder makes, e.g. a client with
    /// middleware, a shared connection pool or a custom resolver. It is used as given: its own
    /// timeouts, proxy, TLS settings and `User-Agent` apply, and [`timeout`](Self::timeout),
    /// [`connect_timeout`](Self::connect_timeout), [`proxy`](Self::proxy),
    /// [`proxy_from_env`](Self::proxy_from_env) and
    /// [`add_root_certificate_pem`](Self::add_root_certificate_pem) do not.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http.client = Some(client);
        self
    }

    /// Sends every request through the proxy at `url` (`http://`, `https://`, or `socks5://` when
    /// reqwest's `socks` feature is on), whatever the environment says.
    pub fn proxy(mut self, url: impl Into<String>) -> Self {
        self.http.proxy = Some(url.into());
        self
    }

    /// Trusts the certificate(s) in `pem` as roots, besides the backend's own (e.g. a corporate
    /// TLS-inspecting proxy's CA).
    pub fn add_root_certificate_pem(mut self, pem: impl Into<Vec<u8>>) -> Self {
        self.http.root_certificates.push(pem.into());
        self
    }

    /// Largest reply body read (default [`DEFAULT_MAX_REPLY_BYTES`], 16 MiB). A longer reply is an
    /// [`Error::Decode`](crate::Error::Decode) as soon as the cap is passed; it never fills memory.
    pub fn max_reply_bytes(mut self, bytes: usize) -> Self {
        self.http.max_reply_bytes = bytes;
        self
    }
}

impl HttpOptions {
    /// The HTTP client: the application's, or one made with these settings. `direct` leaves out
    /// the environment's proxies (switched off, or a loopback base URL).
    pub(crate) fn client(&self, connect_timeout: Duration, direct: bool) -> Result<reqwest::Client, BuildError> {
        if let Some(client) = &self.client {
            return Ok(client.clone());
        }
        let mut http = reqwest::Client::builder().connect_timeout(connect_timeout).user_agent(USER_AGENT);
        if direct {
            http = http.no_proxy();
        }
        if let Some(url) = &self.proxy {
            let proxy = reqwest::Proxy::all(url.as_str())
                .map_err(|e| BuildError::Invalid { option: "proxy", reason: format!("`{url}`: {e}") })?;
            http = http.proxy(proxy);
        }
        for (i, pem) in self.root_certificates.iter().enumerate() {
            let certs = reqwest::Certificate::from_pem_bundle(pem).ok().filter(|c| !c.is_empty()).ok_or_else(|| {
                BuildError::Invalid {
                    option: "add_root_certificate_pem",
                    reason: format!("certificate {} holds no PEM certificate", i + 1),
                }
            })?;
            for cert in certs {
                http = http.add_root_certificate(cert);
            }
        }
        http.build().map_err(|e| BuildError::Http(Box::new(e)))
    }
}

/// Reads a reply body, at most `max` bytes of it: a longer one is an [`Error::Decode`] as soon as
/// its length or its first chunks pass the cap.
pub(crate) async fn read_reply<E>(
    endpoint: &'static str,
    mut reply: reqwest::Response,
    max: usize,
) -> Result<Vec<u8>, Error<E>> {
    let over = |len: u64| Error::Decode {
        endpoint,
        reason: format!(
            "the reply ({len} bytes or more) is over the cap of {max} bytes (ClientBuilder::max_reply_bytes)"
        ),
        body: String::new(),
    };
    if let Some(len) = reply.content_length().filter(|&len| len > max as u64) {
        return Err(over(len));
    }
    let mut body = Vec::new();
    while let Some(chunk) = reply.chunk().await.map_err(|e| transport_error(endpoint, e))? {
        if body.len() + chunk.len() > max {
            return Err(over((body.len() + chunk.len()) as u64));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}
