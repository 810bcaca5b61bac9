//! The HTTP shell: accepts connections on a local address and hands each request to the emulator.

use crate::emulator::{Call, Config, Emulator, Outcome};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinSet;

/// Largest request body accepted; the service's own limits are far lower.
const MAX_BODY: usize = 1 << 20;

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
        let listener = TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let emulator = Arc::new(Emulator::new(config));
        let (stop, stopped) = watch::channel(false);
        let connections = Arc::new(AtomicUsize::new(0));
        tokio::spawn(serve(listener, emulator.clone(), stopped, connections.clone()));
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
) {
    let mut connections = JoinSet::new();
    loop {
        tokio::select! {
            _ = stopped.changed() => break,
            incoming = listener.accept() => {
                let Ok((stream, _)) = incoming else { continue };
                accepted.fetch_add(1, Ordering::Relaxed);
                let _ = stream.set_nodelay(true);
                let emulator = emulator.clone();
                connections.spawn(async move {
                    let service = service_fn(move |req| handle(emulator.clone(), req));
                    // A connection that fails (or that a fault drops) just ends.
                    let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
                });
            }
            // Reap finished connections so the set does not grow.
            Some(_) = connections.join_next(), if !connections.is_empty() => {}
        }
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

async fn handle(emulator: Arc<Emulator>, req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Dropped> {
    if req.method() != hyper::Method::POST {
        return Ok(plain(405, "the REST API takes POST requests"));
    }
    let path = req.uri().path().to_string();
    let query = req.uri().query().unwrap_or_default().to_string();
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return Ok(plain(413, "request body too large or cut short")),
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
            let mut response = Response::new(Full::new(Bytes::from(body)));
            *response.status_mut() =
                hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::INTERNAL_SERVER_ERROR);
            response
                .headers_mut()
                .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static(content_type));
            Ok(response)
        }
    }
}

fn plain(status: u16, text: &'static str) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from_static(text.as_bytes())));
    *response.status_mut() = hyper::StatusCode::from_u16(status).unwrap_or(hyper::StatusCode::BAD_REQUEST);
    response
}
