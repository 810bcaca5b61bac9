//! A webhook receiver as a [`hyper`] service (feature `hyper-server`): each POST is verified with a
//! [`Verifier`], decoded into an [`Event`] and answered with what the handler returns.
//!
//! Answers: 200 with the handler's JSON; 401 for a callback that fails verification (wrong app,
//! sign or time), 400 for a body that does not decode, 405 for anything but POST. The service
//! treats any answer but 200 as no answer, so a forged request changes nothing.

use super::{Answer, Event, Query, Verifier, VerifyError, unix_now};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::TokioIo;
use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;

/// Bodies larger than this are refused (the largest message body is 12 KB; allow room).
const MAX_BODY: usize = 1 << 20;

/// Verifies and decodes one request, and answers it with `handler`.
pub async fn handle<H, F>(verifier: &Verifier, handler: &H, req: Request<Incoming>) -> Response<Full<Bytes>>
where
    H: Fn(Query, Event) -> F,
    F: Future<Output = Answer>,
{
    if req.method() != hyper::Method::POST {
        return plain(StatusCode::METHOD_NOT_ALLOWED, "webhooks are POST requests".into());
    }
    let query = req.uri().query().unwrap_or_default().to_string();
    let body = match Limited::new(req.into_body(), MAX_BODY).collect().await {
        Ok(b) => b.to_bytes(),
        Err(_) => return plain(StatusCode::PAYLOAD_TOO_LARGE, "body too large or cut short".into()),
    };
    match verifier.receive(&query, &body, unix_now()) {
        Ok((q, event)) => {
            let answer = handler(q, event).await;
            let mut response = Response::new(Full::new(Bytes::from(answer.to_bytes())));
            response
                .headers_mut()
                .insert(hyper::header::CONTENT_TYPE, hyper::header::HeaderValue::from_static("application/json"));
            response
        }
        Err(e @ VerifyError::Body(_)) => plain(StatusCode::BAD_REQUEST, e.to_string()),
        Err(e) => plain(StatusCode::UNAUTHORIZED, e.to_string()),
    }
}

fn plain(status: StatusCode, text: String) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(text)));
    *response.status_mut() = status;
    response
}

/// Serves webhooks on `listener` until the task is dropped, one task per connection.
///
/// # Errors
/// When accepting a connection fails.
pub async fn serve<H, F>(listener: tokio::net::TcpListener, verifier: Verifier, handler: H) -> std::io::Result<()>
where
    H: Fn(Query, Event) -> F + Send + Sync + 'static,
    F: Future<Output = Answer> + Send + 'static,
{
    let shared = Arc::new((verifier, handler));
    loop {
        let (stream, _) = listener.accept().await?;
        let shared = shared.clone();
        tokio::spawn(async move {
            let service = service_fn(move |req| {
                let shared = shared.clone();
                async move { Ok::<_, Infallible>(handle(&shared.0, &shared.1, req).await) }
            });
            let _ = http1::Builder::new().serve_connection(TokioIo::new(stream), service).await;
        });
    }
}
