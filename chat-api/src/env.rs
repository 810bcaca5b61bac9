//! Settings from the environment: [`Client::from_env`] and [`ClientBuilder::from_env`].

use crate::error::BuildError;
use crate::{Client, ClientBuilder, Region};
use std::fmt;

impl Client {
    /// A client with the default settings, configured from the environment:
    ///
    /// - `TIM_SDKAPPID`: the app's SDKAppID (a number);
    /// - `TIM_SECRET_KEY`: its secret key;
    /// - `TIM_ADMIN`: the admin account to act as;
    /// - `TIM_REGION`: the region (`china`, `singapore`, ... see [`Region`]), or `TIM_BASE_URL`: a
    ///   base URL instead of the region's host (a sandbox or a proxy). With both, the base URL wins.
    ///
    /// # Errors
    /// [`EnvError::Variables`] names every variable that is missing or
    /// malformed (all of them at once); the secret key is never repeated.
    pub fn from_env() -> Result<Client, EnvError> {
        ClientBuilder::from_env()?.build().map_err(EnvError::Build)
    }
}

impl ClientBuilder {
    /// Settings from the environment as [`Client::from_env`] reads them, to adjust before building.
    ///
    /// # Errors
    /// See [`Client::from_env`].
    pub fn from_env() -> Result<ClientBuilder, EnvError> {
        ClientBuilder::from_lookup(|name| std::env::var(name).ok())
    }

    /// Settings from any source of variables (`lookup` returns a variable's value, if set), as
    /// [`Client::from_env`] reads them: for configuration files, or tests that leave the process
    /// environment alone.
    ///
    /// # Errors
    /// See [`Client::from_env`].
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<ClientBuilder, EnvError> {
        let get = |name: &str| lookup(name).filter(|v| !v.trim().is_empty());
        let mut missing = Vec::new();
        let mut malformed = Vec::new();
        let sdkappid = match get("TIM_SDKAPPID") {
            None => {
                missing.push("TIM_SDKAPPID");
                None
            }
            Some(v) => match v.trim().parse::<u64>() {
                Ok(n) => Some(n),
                Err(_) => {
                    malformed.push(("TIM_SDKAPPID", format!("must be a number, not `{v}`")));
                    None
                }
            },
        };
        let key = get("TIM_SECRET_KEY");
        if key.is_none() {
            missing.push("TIM_SECRET_KEY");
        }
        let admin = get("TIM_ADMIN");
        if admin.is_none() {
            missing.push("TIM_ADMIN");
        }
        let base_url = get("TIM_BASE_URL");
        if let Some(url) = &base_url {
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                malformed.push(("TIM_BASE_URL", format!("must start with http:// or https://, not `{url}`")));
            }
        }
        let region = match get("TIM_REGION") {
            None if base_url.is_none() => {
                missing.push("TIM_REGION");
                None
            }
            None => None,
            Some(v) => match v.trim().parse::<Region>() {
                Ok(r) => Some(r),
                Err(e) => {
                    malformed.push(("TIM_REGION", e.to_string()));
                    None
                }
            },
        };
        if !missing.is_empty() || !malformed.is_empty() {
            return Err(EnvError::Variables { missing, malformed });
        }
        let (Some(sdkappid), Some(key), Some(admin)) = (sdkappid, key, admin) else {
            unreachable!("every missing variable is reported above")
        };
        // With only a base URL, the region is not used to pick a host; any will do.
        let mut builder = Client::builder(sdkappid, admin, key, region.unwrap_or(Region::ALL[0]));
        if let Some(url) = base_url {
            builder = builder.base_url(url);
        }
        Ok(builder)
    }
}

/// Why [`Client::from_env`] failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum EnvError {
    /// Variables that are not set (or empty) and variables whose value does not fit, with why.
    Variables {
        /// Names of the missing variables.
        missing: Vec<&'static str>,
        /// Names of the malformed variables, each with what is wrong.
        malformed: Vec<(&'static str, String)>,
    },
    /// The variables were read, but the client could not be built.
    Build(BuildError),
}

impl fmt::Display for EnvError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EnvError::Variables { missing, malformed } => {
                f.write_str("cannot configure the chat-api client from the environment:")?;
                if !missing.is_empty() {
                    write!(f, " not set: {};", missing.join(", "))?;
                }
                for (name, why) in malformed {
                    write!(f, " {name} {why};")?;
                }
                f.write_str(" (TIM_REGION may be replaced by TIM_BASE_URL)")
            }
            EnvError::Build(e) => write!(f, "cannot build the chat-api client from the environment: {e}"),
        }
    }
}

impl std::error::Error for EnvError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            EnvError::Build(e) => Some(e),
            EnvError::Variables { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    fn from(vars: &[(&str, &str)]) -> Result<ClientBuilder, EnvError> {
        let vars: BTreeMap<String, String> = vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        ClientBuilder::from_lookup(|name| vars.get(name).cloned())
    }

    const KEY: &str = "env-SECRET-key-0c1d2e3f";

    #[test]
    fn a_complete_environment_builds_a_client() {
        let client = from(&[
            ("TIM_SDKAPPID", "1400000000"),
            ("TIM_SECRET_KEY", KEY),
            ("TIM_ADMIN", "boss"),
            ("TIM_REGION", "tokyo"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert_eq!((client.sdkappid(), client.admin()), (1400000000, "boss"));
        assert!(format!("{client:?}").contains("adminapijpn.im.qcloud.com"));
        let local = from(&[
            ("TIM_SDKAPPID", "1"),
            ("TIM_SECRET_KEY", KEY),
            ("TIM_ADMIN", "a"),
            ("TIM_BASE_URL", "http://127.0.0.1:9"),
        ])
        .unwrap()
        .build()
        .unwrap();
        assert!(format!("{local:?}").contains("http://127.0.0.1:9/v4/"), "{local:?}");
    }

    #[test]
    fn every_missing_and_malformed_variable_is_named_and_the_key_never_shown() {
        let err = from(&[]).unwrap_err().to_string();
        assert!(err.contains("not set: TIM_SDKAPPID, TIM_SECRET_KEY, TIM_ADMIN, TIM_REGION;"), "{err}");

        let err = from(&[
            ("TIM_SDKAPPID", "14e8"),
            ("TIM_SECRET_KEY", KEY),
            ("TIM_REGION", "mars"),
            ("TIM_BASE_URL", "ftp://x"),
        ])
        .unwrap_err();
        let EnvError::Variables { missing, malformed } = &err else { panic!("{err}") };
        assert_eq!(missing, &["TIM_ADMIN"]);
        let names: Vec<&str> = malformed.iter().map(|(n, _)| *n).collect();
        assert_eq!(names, ["TIM_SDKAPPID", "TIM_BASE_URL", "TIM_REGION"]);
        let text = format!("{err} {err:?}");
        assert!(text.contains("must be a number, not `14e8`") && text.contains("unknown region `mars`"), "{text}");
        assert!(!text.contains(KEY), "{text}");
        // An empty value is as good as none.
        let err = from(&[("TIM_SDKAPPID", "1"), ("TIM_SECRET_KEY", " "), ("TIM_ADMIN", "a"), ("TIM_REGION", "china")])
            .unwrap_err();
        assert!(err.to_string().contains("not set: TIM_SECRET_KEY;"), "{err}");
    }
}
