//! A tiny scripted HTTP/1.1 server on `127.0.0.1`, for calling the real client end to end.
//!
//! Each request is parsed by hand (request line, headers up to the blank line, a `Content-Length`
//! body), recorded, and answered with the next [`Reply`] of the script. Connections are kept alive
//! unless the client asks otherwise, so a pooling client can send several requests on one
//! connection. Malformed requests get a `400` and the connection is closed; nothing here panics on
//! what a client sends.
//!
//! ```no_run
//! # async fn run() -> std::io::Result<()> {
//! use chat_api_tests::server::{Reply, TestServer};
//! let server = TestServer::start().await?;
//! server.reply(Reply::json(200, r#"{"ActionStatus":"OK","ErrorCode":0,"ErrorInfo":""}"#));
//! // ... point a client at `server.url()` and call it ...
//! let seen = server.requests();
//! # Ok(())
//! # }
//! ```

use std::collections::VecDeque;
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::{JoinHandle, JoinSet};

/// Longest request head (request line and headers) accepted.
const MAX_HEAD: usize = 64 * 1024;
/// Largest request body accepted.
const MAX_BODY: usize = 8 * 1024 * 1024;

/// A request as the server received it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// The method, e.g. `POST`.
    pub method: String,
    /// The path of the request target, without the query.
    pub path: String,
    /// The query parameters in the order sent, percent-decoded (`+` is kept as is).
    pub query: Vec<(String, String)>,
    /// The headers in the order sent, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The body bytes.
    pub body: Vec<u8>,
    /// When its head had arrived, to count calls per window.
    pub received: Instant,
}

impl Request {
    /// The names of the query parameters, in order.
    pub fn query_names(&self) -> Vec<&str> {
        self.query.iter().map(|(name, _)| name.as_str()).collect()
    }

    /// The value of the first query parameter called `name`.
    pub fn query_value(&self, name: &str) -> Option<&str> {
        self.query.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// The value of the first header called `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// The body parsed as JSON, if it is JSON.
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

/// What to do with a connection once a request has been read.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Action {
    /// Answer with a status and a body.
    Answer { status: u16, content_type: String, body: Vec<u8> },
    /// Close the connection without answering.
    Close,
}

/// The scripted answer to one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    action: Action,
    delay: Option<Duration>,
    echo: bool,
}

impl Reply {
    /// Answers with `status` and a JSON `body`.
    pub fn json(status: u16, body: impl Into<String>) -> Self {
        Reply::with_type(status, "application/json", body.into().into_bytes())
    }

    /// Answers with `status`, a body and its content type.
    pub fn with_type(status: u16, content_type: &str, body: impl Into<Vec<u8>>) -> Self {
        Reply {
            action: Action::Answer { status, content_type: content_type.to_string(), body: body.into() },
            delay: None,
            echo: false,
        }
    }

    /// Closes the connection after reading the request, without answering.
    pub fn close() -> Self {
        Reply { action: Action::Close, delay: None, echo: false }
    }

    /// Echoes the request's `usersig` into the body, as a careless proxy or a hostile server could:
    /// `{usersig}` becomes the value, `{usersig%}` the value with every byte percent-encoded, and
    /// `{usersig/8}` the value in pieces of 8 characters separated by spaces.
    #[must_use]
    pub fn echo_usersig(mut self) -> Self {
        self.echo = true;
        self
    }

    /// Waits `delay` before answering (or closing).
    #[must_use]
    pub fn delay(mut self, delay: Duration) -> Self {
        self.delay = Some(delay);
        self
    }
}

/// State shared between the test and the server tasks.
#[derive(Default)]
struct Shared {
    requests: Mutex<Vec<Request>>,
    script: Mutex<VecDeque<Reply>>,
}

/// Locks a mutex, ignoring poisoning (a panicking test must not hide what was recorded).
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// A running server. Stops (and drops its open connections) when dropped.
pub struct TestServer {
    addr: SocketAddr,
    shared: Arc<Shared>,
    task: JoinHandle<()>,
}

impl TestServer {
    /// Binds `127.0.0.1:0` and starts accepting connections on the current tokio runtime.
    ///
    /// # Errors
    /// When the listener cannot be bound.
    pub async fn start() -> io::Result<TestServer> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let addr = listener.local_addr()?;
        let shared = Arc::new(Shared::default());
        let task = tokio::spawn(accept_loop(listener, shared.clone()));
        Ok(TestServer { addr, shared, task })
    }

    /// The base URL, e.g. `http://127.0.0.1:40123`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// The address the server listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Queues `reply` as the answer to the next request not yet answered. Requests that find the
    /// script empty get a `500` saying so.
    pub fn reply(&self, reply: Reply) -> &Self {
        lock(&self.shared.script).push_back(reply);
        self
    }

    /// Every request received so far, in order of arrival.
    pub fn requests(&self) -> Vec<Request> {
        lock(&self.shared.requests).clone()
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        // Aborting the accept task drops its `JoinSet`, which aborts the connection tasks.
        self.task.abort();
    }
}

/// A base URL on `127.0.0.1` where nothing listens: a port that was bound and released again.
///
/// # Errors
/// When no port can be bound to find one.
pub fn refused_url() -> io::Result<String> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
    let addr = listener.local_addr()?;
    drop(listener);
    Ok(format!("http://{addr}"))
}

async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let mut connections = JoinSet::new();
    loop {
        // Reap finished connections so the set does not grow without bound.
        while connections.try_join_next().is_some() {}
        match listener.accept().await {
            Ok((stream, _)) => {
                let _ = stream.set_nodelay(true);
                connections.spawn(serve(stream, shared.clone()));
            }
            // E.g. too many open files: back off briefly rather than spin.
            Err(_) => tokio::time::sleep(Duration::from_millis(10)).await,
        }
    }
}

/// Serves one connection until the client closes it, a reply closes it, or it turns out malformed.
async fn serve(mut stream: TcpStream, shared: Arc<Shared>) {
    let mut buf = Vec::new();
    loop {
        let request = match read_request(&mut stream, &mut buf).await {
            Ok(Some(request)) => request,
            Ok(None) => return,
            Err(Malformed(why)) => {
                let _ = write_answer(&mut stream, 400, "text/plain", why.as_bytes(), true).await;
                return;
            }
        };
        let client_closes = request.header("connection").is_some_and(|v| v.eq_ignore_ascii_case("close"));
        lock(&shared.requests).push(request);
        let reply = lock(&shared.script).pop_front();
        let reply = reply.unwrap_or_else(|| Reply::with_type(500, "text/plain", "no reply scripted for this request"));
        if let Some(delay) = reply.delay {
            tokio::time::sleep(delay).await;
        }
        let echoed = lock(&shared.requests).last().and_then(|r| r.query_value("usersig").map(str::to_string));
        match reply.action {
            Action::Close => return,
            Action::Answer { status, content_type, mut body } => {
                if let (true, Some(sig)) = (reply.echo, echoed) {
                    body = echo(&body, &sig);
                }
                if write_answer(&mut stream, status, &content_type, &body, client_closes).await.is_err()
                    || client_closes
                {
                    return;
                }
            }
        }
    }
}

/// `body` with the `usersig` placeholders of [`Reply::echo_usersig`] filled in.
fn echo(body: &[u8], sig: &str) -> Vec<u8> {
    let percent: String = sig.bytes().map(|b| format!("%{b:02X}")).collect();
    let pieces: Vec<String> = sig.as_bytes().chunks(8).map(|c| String::from_utf8_lossy(c).into_owned()).collect();
    String::from_utf8_lossy(body)
        .replace("{usersig%}", &percent)
        .replace("{usersig/8}", &pieces.join(" "))
        .replace("{usersig}", sig)
        .into_bytes()
}

/// Why a request could not be read.
struct Malformed(String);

impl From<io::Error> for Malformed {
    fn from(e: io::Error) -> Self {
        Malformed(e.to_string())
    }
}

/// Reads one request from `stream`; `buf` carries bytes read past the previous request. `None` when
/// the client closed the connection before starting another request.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Result<Option<Request>, Malformed> {
    let head_end = loop {
        if let Some(i) = find(buf, b"\r\n\r\n") {
            break i;
        }
        if buf.len() > MAX_HEAD {
            return Err(Malformed("request head too long".into()));
        }
        if read_more(stream, buf).await? == 0 {
            return if buf.is_empty() { Ok(None) } else { Err(Malformed("connection closed inside the head".into())) };
        }
    };
    let received = Instant::now();
    let head = String::from_utf8_lossy(&buf[..head_end]).into_owned();
    buf.drain(..head_end + 4);

    let mut lines = head.split("\r\n");
    let request_line = lines.next().unwrap_or_default();
    let mut parts = request_line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Malformed(format!("bad request line `{request_line}`")));
    };
    if method.is_empty() || !version.starts_with("HTTP/1.") {
        return Err(Malformed(format!("bad request line `{request_line}`")));
    }
    let mut headers = Vec::new();
    for line in lines {
        let Some((name, value)) = line.split_once(':') else {
            return Err(Malformed(format!("bad header line `{line}`")));
        };
        headers.push((name.trim().to_ascii_lowercase(), value.trim().to_string()));
    }
    if headers.iter().any(|(n, v)| n == "transfer-encoding" && !v.eq_ignore_ascii_case("identity")) {
        return Err(Malformed("chunked bodies are not supported".into()));
    }
    let length = match headers.iter().find(|(n, _)| n == "content-length") {
        Some((_, v)) => v.parse::<usize>().map_err(|_| Malformed(format!("bad Content-Length `{v}`")))?,
        None => 0,
    };
    if length > MAX_BODY {
        return Err(Malformed("body too large".into()));
    }
    while buf.len() < length {
        if read_more(stream, buf).await? == 0 {
            return Err(Malformed("connection closed inside the body".into()));
        }
    }
    let body: Vec<u8> = buf.drain(..length).collect();

    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let (method, path, query) = (method.to_string(), path.to_string(), parse_query(query));
    Ok(Some(Request { method, path, query, headers, body, received }))
}

/// Appends what the stream has to `buf`; the number of bytes read, 0 at end of stream.
async fn read_more(stream: &mut TcpStream, buf: &mut Vec<u8>) -> io::Result<usize> {
    let mut chunk = [0u8; 8192];
    let n = stream.read(&mut chunk).await?;
    buf.extend_from_slice(&chunk[..n]);
    Ok(n)
}

async fn write_answer(
    stream: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    close: bool,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        _ => "Scripted",
    };
    let connection = if close { "close" } else { "keep-alive" };
    let head = format!(
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nConnection: {connection}\r\n\r\n",
        body.len()
    );
    // One write: a head and body sent separately can wait out Nagle's algorithm and a delayed ACK.
    let mut answer = head.into_bytes();
    answer.extend_from_slice(body);
    stream.write_all(&answer).await?;
    stream.flush().await
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// `a=1&b=%2F` as ordered, percent-decoded pairs. A parameter without `=` has an empty value.
fn parse_query(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
        .collect()
}

/// Decodes `%XX` escapes; a `%` not followed by two hex digits is kept as is.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&hi), Some(&lo)) => hex(hi).zip(hex(lo)).map(|(hi, lo)| hi * 16 + lo),
            _ => None,
        };
        match escaped {
            Some(b) => {
                out.push(b);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn hex(b: u8) -> Option<u8> {
    char::from(b).to_digit(16).and_then(|d| u8::try_from(d).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_decode_in_order() {
        assert_eq!(
            parse_query("b=2&a=%2F%e4%b8%ad&flag&c=100%&d=%zz"),
            vec![
                ("b".into(), "2".into()),
                ("a".into(), "/中".into()),
                ("flag".into(), String::new()),
                ("c".into(), "100%".into()),
                ("d".into(), "%zz".into()),
            ]
        );
        assert!(parse_query("").is_empty());
    }

    #[tokio::test]
    async fn records_requests_and_survives_malformed_ones() {
        let server = TestServer::start().await.unwrap();
        server.reply(Reply::json(200, "{}"));

        let mut bad = TcpStream::connect(server.addr()).await.unwrap();
        bad.write_all(b"NONSENSE\r\n\r\n").await.unwrap();
        let mut answer = String::new();
        bad.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 400 "), "{answer}");

        let mut good = TcpStream::connect(server.addr()).await.unwrap();
        good.write_all(b"POST /x?q=1 HTTP/1.1\r\nHost: h\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}")
            .await
            .unwrap();
        let mut answer = String::new();
        good.read_to_string(&mut answer).await.unwrap();
        assert!(answer.starts_with("HTTP/1.1 200 OK\r\n") && answer.ends_with("\r\n\r\n{}"), "{answer}");

        let seen = server.requests();
        assert_eq!(seen.len(), 1);
        assert_eq!((seen[0].method.as_str(), seen[0].path.as_str()), ("POST", "/x"));
        assert_eq!(seen[0].query_value("q"), Some("1"));
        assert_eq!(seen[0].header("HOST"), Some("h"));
        assert_eq!(seen[0].body, b"{}");
    }
}
