//! Changes to `spec/webhooks/`: commands added or removed, payloads (received, like replies),
//! replies (built by the app, like requests), reply codes, and the wording around them.

use super::{Differ, Level, Side};
use crate::model::WebhookDef;
use std::collections::BTreeMap;

impl Differ<'_> {
    pub(super) fn webhooks(&mut self) {
        let old: BTreeMap<&str, &WebhookDef> = self.old.webhooks.iter().map(|w| (w.command.as_str(), w)).collect();
        let new: BTreeMap<&str, &WebhookDef> = self.new.webhooks.iter().map(|w| (w.command.as_str(), w)).collect();
        for (command, o) in &old {
            let scope = format!("webhook {command}");
            let Some(n) = new.get(command) else {
                let message = format!("webhook `{command}` removed (variant `Event::{}` is gone)", o.rust);
                self.push(&scope, Level::Major, "webhook-removed", message);
                continue;
            };
            self.webhook(&scope, o, n);
        }
        for (command, n) in new.iter().filter(|(c, _)| !old.contains_key(*c)) {
            let message = format!("webhook `{command}` added (`Event::{}`)", n.rust);
            self.push(&format!("webhook {command}"), Level::Minor, "webhook-added", message);
        }
    }

    fn webhook(&mut self, scope: &str, o: &WebhookDef, n: &WebhookDef) {
        if o.rust != n.rust {
            let message = format!("Rust name `{}` renamed `{}`", o.rust, n.rust);
            self.push(scope, Level::Major, "webhook-renamed", message);
        }
        if o.when != n.when {
            let message = format!("now sent {:?} the action (the reply type changes)", n.when).to_lowercase();
            self.push(scope, Level::Major, "webhook-when-changed", message);
        }
        self.fields(scope, "payload field", &o.payload, &n.payload, Side::Output);
        if let (Some(a), Some(b)) = (&o.reply, &n.reply) {
            self.fields(scope, "reply field", &a.fields, &b.fields, Side::Input);
            for c in &a.codes {
                if !b.codes.iter().any(|x| x.code == c.code && x.name == c.name) {
                    let message = format!("reply code {} `{}` removed", c.code, c.name);
                    self.push(scope, Level::Major, "webhook-reply-code-removed", message);
                }
            }
            for c in b.codes.iter().filter(|c| !a.codes.iter().any(|x| x.code == c.code && x.name == c.name)) {
                let message = format!("reply code {} `{}` added", c.code, c.name);
                self.push(scope, Level::Minor, "webhook-reply-code-added", message);
            }
            if a.app_codes != b.app_codes {
                let message = format!("app codes {:?} -> {:?}", a.app_codes, b.app_codes);
                self.push(scope, Level::Patch, "webhook-app-codes-changed", message);
            }
        }
        if o.triggers != n.triggers {
            let message = format!("triggers {:?} -> {:?}", o.triggers, n.triggers);
            self.push(scope, Level::Patch, "webhook-triggers-changed", message);
        }
        if (&o.title, &o.summary, &o.notes, &o.docs) != (&n.title, &n.summary, &n.notes, &n.docs) {
            self.push(scope, Level::Patch, "docs-changed", "title, summary, notes or page reworded");
        }
        for (what, changed) in [("errata", o.errata != n.errata), ("samples", o.examples != n.examples)] {
            if changed {
                self.push(scope, Level::Patch, "docs-changed", format!("{what} changed"));
            }
        }
    }
}
