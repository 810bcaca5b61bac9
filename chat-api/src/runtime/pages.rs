//! Following pages and splitting batches, for the methods the spec's `paging` and `batch` generate.

use super::Endpoint;
use crate::{Client, Error};
use futures_util::Stream;
use std::collections::VecDeque;
use std::time::{Duration, Instant};

/// Every item of every page, as a stream: calls `request`, yields the page's items, moves the
/// cursor with `advance` from the reply and the page's items (false: that was the last page), and
/// calls again. An error ends the stream
/// after it is yielded. An empty page ends it too, so a cursor that does not move cannot loop.
///
/// Generated `*_all` methods call this; `take` and `advance` come from the spec's `paging`.
pub fn paginate<E, T>(
    client: Client,
    request: E,
    take: fn(&mut E::Response) -> Vec<T>,
    advance: fn(&mut E, &E::Response, &[T]) -> bool,
) -> impl Stream<Item = Result<T, Error<E::Error>>> + Send + 'static
where
    E: Endpoint + Send + Sync + 'static,
    E::Response: Send,
    E::Error: Send,
    T: Send + 'static,
{
    struct Walk<E, T> {
        client: Client,
        request: E,
        buffer: VecDeque<T>,
        more: bool,
    }
    let start = Walk { client, request, buffer: VecDeque::new(), more: true };
    futures_util::stream::unfold(start, move |mut walk| async move {
        loop {
            if let Some(item) = walk.buffer.pop_front() {
                return Some((Ok(item), walk));
            }
            if !walk.more {
                return None;
            }
            match walk.client.call(&walk.request).await {
                Ok(mut reply) => {
                    let items = take(&mut reply);
                    walk.more = !items.is_empty() && advance(&mut walk.request, &reply, &items);
                    walk.buffer.extend(items);
                    if walk.buffer.is_empty() {
                        return None;
                    }
                }
                Err(e) => {
                    walk.more = false;
                    return Some((Err(e), walk));
                }
            }
        }
    })
}

/// One call of a batch: the items it carried and what it returned.
#[derive(Debug)]
#[non_exhaustive]
pub struct BatchCall<T, R, E> {
    /// The items this call carried.
    pub items: Vec<T>,
    /// Its outcome.
    pub result: Result<R, Error<E>>,
}

/// What a batched call did: one entry per call made, in order.
#[derive(Debug)]
#[non_exhaustive]
pub struct Batch<T, R, E> {
    /// The calls, in the order of the items.
    pub calls: Vec<BatchCall<T, R, E>>,
}

impl<T, R, E> Batch<T, R, E> {
    /// Each item with the outcome of the call that carried it. Failures the reply reports per item
    /// (e.g. a `Fail_Account` list) are in that reply.
    pub fn per_item(&self) -> impl Iterator<Item = (&T, Result<&R, &Error<E>>)> {
        self.calls.iter().flat_map(|c| c.items.iter().map(move |item| (item, c.result.as_ref())))
    }

    /// Whether every call succeeded.
    pub fn all_ok(&self) -> bool {
        self.calls.iter().all(|c| c.result.is_ok())
    }

    /// Items whose call failed, to send again or report.
    pub fn failed_items(&self) -> Vec<&T> {
        self.calls.iter().filter(|c| c.result.is_err()).flat_map(|c| c.items.iter()).collect()
    }
}

/// Splits the list `take` returns into calls of at most `size` items (the spec's `max_items`),
/// spaced to stay within the endpoint's documented call frequency, and reports each call.
///
/// Generated `*_batched` methods call this; `take` and `put` come from the spec's `batch` (`take`
/// returns what `put` stored).
pub async fn run_batch<E, T>(
    client: &Client,
    mut request: E,
    size: usize,
    take: fn(&mut E) -> Vec<T>,
    put: fn(&mut E, Vec<T>),
) -> Batch<T, E::Response, E::Error>
where
    E: Endpoint + Clone,
    T: Clone,
{
    let items = take(&mut request);
    // The parts of a de-duplication key the caller did not choose are drawn for each call: each
    // call is its own operation, and keeps its key across its retries.
    // Calls start evenly spaced, and never sooner than a period after the call `calls` before
    // ended: the service counts arrivals, which lie between a call's start and its end.
    let (gap, period, per_period) = E::RATE_LIMIT.map_or((Duration::ZERO, Duration::ZERO, usize::MAX), |r| {
        let per_period = u32::try_from(r.calls()).unwrap_or(u32::MAX).max(1);
        let period = Duration::from_secs(r.period_secs());
        (period.checked_div(per_period).unwrap_or_default(), period, per_period as usize)
    });
    let mut calls = Vec::new();
    let mut last: Option<Instant> = None;
    let mut ended: VecDeque<Instant> = VecDeque::new();
    for chunk in items.chunks(size.max(1)) {
        let mut start = last.map_or_else(Instant::now, |t| t + gap);
        if ended.len() >= per_period {
            start = start.max(ended[ended.len() - per_period] + period);
        }
        tokio::time::sleep_until(start.into()).await;
        last = Some(Instant::now());
        let mut call = request.clone();
        put(&mut call, chunk.to_vec());
        super::fill_dedup(&mut call);
        let result = client.call(&call).await;
        if ended.len() >= per_period {
            ended.pop_front();
        }
        ended.push_back(Instant::now());
        // `take` gives back what `put` stored: the chunk, without a second copy.
        calls.push(BatchCall { items: take(&mut call), result });
    }
    Batch { calls }
}
