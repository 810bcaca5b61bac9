//! The HTTP shell: accepts connections on a local address and hands each request to the emulator.

use crate::emulator::{Call, Config, Emulator, Outcome};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::{Semaphore, watch};
use tokio::task::JoinSet;

/// Largest request body accepted; the service's own limits are far lower.
const MAX_BODY: usize = 1 << 20;

/// How the HTTP shell guards itself against slow, idle or too many connections.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ServerOptions {
    /// Time a client has to send a request's headers, on a new connection or between requests of a
    /// kept-alive one (default 10 s): a connection that sends nothing for this long is closed.
    pub header_timeout: Duration,
    /// Time a client has to send a request's body once its headers arrived (default 10 s): a body
    /// shorter than its `Content-Length` is answered, not waited for forever.
    pub body_timeout: Duration,
    /// Connections served at once (default 512). Further ones wait in the listen queue, unaccepted,
    /// until one closes: back-pressure instead of running out of file descriptors.
    pub max_connections: usize,
}

impl Default for ServerOptions {
    fn default() -> Self {
        ServerOptions {
            header_timeout: Duration::from_secs(10),
            body_timeout: Duration::from_secs(10),
            max_connections: 512,
        }
    }
}

impl ServerOptions {
    /// The defaults with a header (and idle) timeout of `t`.
    #[must_use]
    pub fn header_timeout(mut self, t: Duration) -> Self {
        self.header_timeout = t;
        self
    }

    /// With a body timeout of `t`.
    #[must_use]
    pub fn body_timeout(mut self, t: Duration) -> Self {
        self.body_timeout = t;
        self
    }

    /// With at most `n` connections served at once (at least 1).
    #[must_use]
    pub fn max_connections(mut self, n: usize) -> Self {
        self.max_connections = n.max(1);
        self
    }
}

/// A running sandbox: an HTTP server on a local port in front of an [`Emulator`]. Stops when
/// dropped (or with [`Sandbox::stop`]).
pub struct Sandbox {
    emulator: Arc<Emulator>,
    addr: SocketAddr,
    stop: watch::Sender<bool>,
    connections: Arc<AtomicUsize>,
}

impl Sandbox {
    /// Starts on `127.0.0.1` with a free port. Needs a Tokio runtime.
    ///
    /// # Errors
    /// When no local port can be bound.
    pub async fn start(config: Config) -> io::Result<Sandbox> {
        Sandbox::start_on(config, SocketAddr::from(([127, 0, 0, 1], 0))).await
    }

    /// Starts on `addr` (port 0 picks a free one).
    ///
    /// # Errors
    /// When `addr` cannot be bound.
    pub async fn start_on(config: Config, addr: SocketAddr) -> io::Result<Sandbox> {
        Sandbox::start_with(config, addr, ServerOptions::default()).await
    }

    /// Starts on `addr` with the given connection guards.
    ///
    /// # Errors
    /// When `addr` cannot be bound.
    pub async fn start_with(config: Config, addr: SocketAddr, options: ServerOptions) -> io::Result<Sandbox> {
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let emulator = Arc::new(Emulator::new(config));
        let (stop, stopped) = watch::channel(false);
        let connections = Arc::new(AtomicUsize::new(0));
        tokio::spawn(serve(listener, emulator.clone(), stopped, connections.clone(), options));
        Ok(Sandbox { emulator, addr, stop, connections })
    }

    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Its base URL, e.g. `http://127.0.0.1:41234`, for [`chat_api::ClientBuilder::base_url`].
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The emulator behind it: state, faults, configuration.
    pub fn emulator(&self) -> &Emulator {
        &self.emulator
    }

    /// A client of the sandbox's app, signing with its key.
    ///
    /// # Panics
    /// Never in practice: the base URL is always a valid `http://` URL.
    pub fn client(&self) -> chat_api::Client {
        self.client_builder().build().expect("the sandbox URL is a valid base URL")
    }

    /// Client settings for the sandbox's app, to adjust before building.
    pub fn client_builder(&self) -> chat_api::ClientBuilder {
        let c = self.emulator.config();
        chat_api::Client::builder(c.sdkappid, c.admin.clone(), c.key.clone(), chat_api::Region::China)
            .base_url(self.url())
    }

    /// How many TCP connections it has accepted: a pooling client opens few.
    pub fn connections_accepted(&self) -> usize {
        self.connections.load(Ordering::Relaxed)
    }

    /// Stops serving: no new connections; open ones are closed.
    pub fn stop(&self) {
        let _ = self.stop.send(true);
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn serve(
    listener: TcpListener,
    emulator: Arc<Emulator>,
    mut stopped: watch::Receiver<bool>,
    accepted: Arc<AtomicUsize>,
    options: ServerOptions,
) {
    let slots = Arc::new(Semaphore::new(options.max_connections));
    let mut connections = JoinSet::new();
    // Accept errors (EMFILE at the file limit, ENOBUFS...) leave the connection queued, so accepting
    // again at once would fail again at once: wait, longer each time, until one succeeds.
    let mut backoff = Duration::ZERO;
    loop {
        // Reap finished connections so the set does not grow.
        while connections.try_join_next().is_some() {}
        // A slot first: at the cap, nothing is accepted and the kernel's queue holds clients back.
        let slot = tokio::select! {
            _ = stopped.changed() => break,
            slot = slots.clone().acquire_owned() => match slot { Ok(s) => s, Err(_) => break },
        };
        let incoming = tokio::select! {
            _ = stopped.changed() => break,
            incoming = listener.accept() => incoming,
        };
        let stream = match incoming {
            Ok((stream, _)) => {
                backoff = Duration::ZERO;
                stream
            }
            Err(_) => {
                backoff = (backoff * 2).clamp(Duration::from_millis(10), Duration::from_secs(1));
                tokio::select! {
                    _ = stopped.changed() => break,
                    () = tokio::time::sleep(backoff) => {}
                }
                continue;
            }
        };
        accepted.fetch_add(1, Ordering::Relaxed);
        let _ = stream.set_nodelay(true);
        let emulator = emulator.clone();
        let body_timeout = options.body_timeout;
        let mut http = http1::Builder::new();
        // The header timeout also closes kept-alive connections that send no next request; half-close
        // lets a client that shut its write side after the request still read the answer.
        http.timer(TokioTimer::new()).header_read_timeout(options.header_timeout).half_close(true);
        connections.spawn(async move {
            let service = service_fn(move |req| handle(emulator.clone(), req, body_timeout));
            // A connection that fails (or that a fault drops, or that times out) just ends.
            let _ = http.serve_connection(TokioIo::new(stream), service).await;
            drop(slot);
        });
    }
    connections.abort_all();
}

/// Why a connection is closed without an answer.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

async fn handle(
    emulator: Arc<Emulator>,
    req: Request<Incoming>,
    body_timeout: Duration,
) -> Result<Response<Full<Bytes>>, Dropped> {
    if req.uri().path().starts_with(crate::control::PREFIX) {
        return Ok(crate::control::serve(&emulator, req).await);
    }
    if req.method() != hyper::Method::POST {
        return Ok(refusal(60002, "the REST API takes POST requests"));
    }
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let body = match tokio::time::timeout(body_timeout, Limited::new(req.into_body(), MAX_BODY).collect()).await {
        Ok(Ok(b)) => b.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            return Ok(refusal(60002, "the request body is larger than the service accepts"));
        }
        Ok(Err(_)) => return Ok(refusal(60002, "the request body ended before its Content-Length")),
        Err(_) => return Ok(refusal(60008, "the request body did not arrive in time")),
    };
    // The emulator locks its state briefly; keep that off the async executor's hot path anyway.
    let outcome = tokio::task::spawn_blocking(move || emulator.call(Call { path: &path, query: &query, body: &body }))
        .await
        .unwrap_or(Outcome::Drop);
    match outcome {
        Outcome::Drop => Err(Dropped),
        Outcome::Reply { status, content_type, body, delay } => {
            if !delay.is_zero() {
                tokio::time::sleep(delay).await;
            }
            Ok(response(status, content_type, Bytes::from(body)))
        }
    }
}

fn response(status: u16, content_type: &'static str, body: Bytes) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
    response.headers_mut().insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(content_type));
    response
}

/// A request the HTTP layer refuses, answered as the service answers: HTTP 200 with a failed
/// envelope, so that clients see a code rather than a bare status.
fn refusal(code: i64, info: &str) -> Response<Full<Bytes>> {
    let body = serde_json::json!({"ActionStatus": "FAIL", "ErrorCode": code, "ErrorInfo": info, "ErrorDisplay": ""});
    response(200, "application/json", Bytes::from(body.to_string()))
}
