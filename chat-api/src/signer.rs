//! The client's own admin UserSig: signed once, shared by every call, renewed before it expires.

use crate::secret::SecretKey;
use crate::usersig;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, RwLock};

/// A UserSig and when to replace it.
struct Current {
    sig: Arc<str>,
    renew_at: u64,
}

pub(crate) struct AdminSigner {
    key: SecretKey,
    sdkappid: u64,
    identifier: String,
    ttl: u64,
    current: RwLock<Option<Current>>,
    signatures: AtomicU64,
}

impl AdminSigner {
    pub(crate) fn new(key: SecretKey, sdkappid: u64, identifier: String, ttl: u64) -> Self {
        AdminSigner {
            key,
            sdkappid,
            identifier,
            ttl: ttl.clamp(60, usersig::MAX_LIFETIME),
            current: RwLock::new(None),
            signatures: AtomicU64::new(0),
        }
    }

    /// The UserSig to use at `now` (Unix seconds), already in URL-safe form. Signs only when there is
    /// none yet or the current one is in the last tenth of its life; concurrent callers that find it
    /// stale wait for one signature instead of each making their own.
    pub(crate) fn usersig(&self, now: u64) -> Arc<str> {
        if let Ok(guard) = self.current.read() {
            if let Some(c) = guard.as_ref().filter(|c| now < c.renew_at) {
                return c.sig.clone();
            }
        }
        let mut guard = match self.current.write() {
            Ok(g) => g,
            Err(poisoned) => poisoned.into_inner(),
        };
        if let Some(c) = guard.as_ref().filter(|c| now < c.renew_at) {
            return c.sig.clone();
        }
        let sig: Arc<str> =
            Arc::from(usersig::sign(&self.key, self.sdkappid, &self.identifier, now, self.ttl, None).expose());
        self.signatures.fetch_add(1, Ordering::Relaxed);
        let renew_at = now.saturating_add(self.ttl - self.ttl / 10);
        *guard = Some(Current { sig: sig.clone(), renew_at });
        sig
    }

    /// How many UserSigs this signer has made.
    pub(crate) fn signatures(&self) -> u64 {
        self.signatures.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reuses_until_the_last_tenth_of_its_life_then_renews() {
        let s = AdminSigner::new(SecretKey::new("k"), 1, "admin".into(), 1000);
        let first = s.usersig(10_000);
        assert_eq!(s.usersig(10_899), first);
        assert_eq!(s.signatures(), 1);
        let renewed = s.usersig(10_900);
        assert_ne!(renewed, first);
        assert_eq!(s.signatures(), 2);
        let claims = usersig::verify(&renewed, &SecretKey::new("k"), 1, 10_901).unwrap();
        assert_eq!((claims.issued_at, claims.expire), (10_900, 1000));
    }

    #[test]
    fn the_longest_lifetime_does_not_overflow() {
        let s = AdminSigner::new(SecretKey::new("k"), 1, "admin".into(), u64::MAX);
        let sig = s.usersig(u64::MAX - 5);
        assert_eq!(s.usersig(u64::MAX - 1), sig, "renewal time saturates instead of wrapping");
        let c = usersig::verify(&sig, &SecretKey::new("k"), 1, u64::MAX - 5).unwrap();
        assert_eq!(c.expire, usersig::MAX_LIFETIME);
    }

    #[test]
    fn concurrent_renewal_signs_once() {
        let s = Arc::new(AdminSigner::new(SecretKey::new("k"), 1, "admin".into(), 86_400));
        let threads: Vec<_> = (0..8)
            .map(|_| {
                let s = s.clone();
                std::thread::spawn(move || {
                    let mut last = s.usersig(5);
                    for _ in 0..1000 {
                        last = s.usersig(5);
                    }
                    last
                })
            })
            .collect();
        let sigs: Vec<_> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        assert!(sigs.windows(2).all(|w| w[0] == w[1]));
        assert_eq!(s.signatures(), 1);
    }
}
