//! The state as JSON: what the control surface dumps and seeds, and the state file the sandbox saves
//! to and loads from on request. The format is the serde form of [`State`]; missing fields take
//! their defaults, so a seed names only what it sets up.

use crate::emulator::Emulator;
use crate::state::State;
use std::io;
use std::path::{Path, PathBuf};

impl Emulator {
    /// The state as JSON (the control surface's `GET /_sandbox/state`).
    pub fn state_json(&self) -> serde_json::Value {
        serde_json::to_value(self.state()).unwrap_or_default()
    }

    /// Replaces the state with one read from JSON (a dump, or a seed naming only some fields).
    ///
    /// # Errors
    /// JSON that is not a state, with the line and column and what did not fit.
    pub fn seed(&self, json: &[u8]) -> Result<(), String> {
        let state: State = serde_json::from_slice(json).map_err(|e| format!("not a sandbox state: {e}"))?;
        self.edit_state(|s| *s = state);
        Ok(())
    }

    /// Names the file [`save_state`](Emulator::save_state) and [`load_state`](Emulator::load_state)
    /// use (the binary's `--state`).
    pub fn set_state_file(&self, path: impl Into<PathBuf>) {
        *self.tooling.state_file.lock().unwrap_or_else(|p| p.into_inner()) = Some(path.into());
    }

    /// The state file, if one is set.
    pub fn state_file(&self) -> Option<PathBuf> {
        self.tooling.state_file.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Writes the state to the state file (whole or not at all: a temporary file is renamed).
    ///
    /// # Errors
    /// No state file set, or the file cannot be written; the message names the file.
    pub fn save_state(&self) -> io::Result<PathBuf> {
        let path = self.state_file().ok_or_else(no_state_file)?;
        let json = serde_json::to_vec_pretty(&self.state()).map_err(io::Error::other)?;
        let tmp = path.with_extension("tmp");
        std::fs::write(&tmp, json)
            .and_then(|()| std::fs::rename(&tmp, &path))
            .map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        Ok(path)
    }

    /// Replaces the state with the state file's. The dedup memory of recent sends is not saved: a
    /// restored sandbox treats repeats of earlier sends as new.
    ///
    /// # Errors
    /// No state file set, the file cannot be read, or it does not hold a state; the message names
    /// the file.
    pub fn load_state(&self) -> io::Result<PathBuf> {
        let path = self.state_file().ok_or_else(no_state_file)?;
        self.seed_from_file(&path)?;
        Ok(path)
    }

    /// Replaces the state with the one in the JSON file at `path` (the binary's `--seed`).
    ///
    /// # Errors
    /// The file cannot be read or does not hold a state; the message names the file.
    pub fn seed_from_file(&self, path: &Path) -> io::Result<()> {
        let json = std::fs::read(path).map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", path.display())))?;
        self.seed(&json).map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{}: {e}", path.display())))
    }
}

fn no_state_file() -> io::Error {
    io::Error::new(io::ErrorKind::NotFound, "no state file: start the sandbox with --state FILE")
}

/// Maps whose keys are not strings (pairs of accounts, conversations) as a list of `[key, value]`
/// pairs, since JSON object keys are strings.
pub(crate) mod pairs {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};
    use std::collections::BTreeMap;

    pub fn serialize<K: Serialize, V: Serialize, S: Serializer>(map: &BTreeMap<K, V>, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(map.iter())
    }

    pub fn deserialize<'de, K, V, D>(d: D) -> Result<BTreeMap<K, V>, D::Error>
    where
        K: Deserialize<'de> + Ord,
        V: Deserialize<'de>,
        D: Deserializer<'de>,
    {
        Ok(Vec::<(K, V)>::deserialize(d)?.into_iter().collect())
    }
}
