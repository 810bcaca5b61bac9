//! The webhook module: a payload struct per callback command, a reply type per `before` command
//! (built in one call: `allow()`, `refuse(code, message)`, ...), the `Event` enum that dispatches on
//! `CallbackCommand`, and a test file of the pages' samples.

use super::types::{Place, ident, int_literal, rust_type, type_def};
use super::{Ctx, docs};
use crate::model::{Field, Spec, Type, TypeDef, TypeKind, WebhookDef, When};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// Where the generated module lives.
pub(crate) const MODULE: &str = "webhook";

pub(crate) fn module(cx: &Ctx, spec: &Spec) -> TokenStream {
    let mut doc = String::from(
        "The callbacks the service posts to the app's webhook URL, generated from `spec/webhooks/`: one \
         payload struct per command, a reply type per `before` command, and [`Event`] over all of them.",
    );
    if let Some(p) = &spec.webhook_protocol {
        doc.push_str(&format!("\n\nProtocol: <{}>.", p.docs));
        for n in &p.notes {
            doc.push_str(&format!("\n\n{n}"));
        }
    }
    let module_doc = docs::inner_doc(&doc);
    let types = spec.webhook_types.iter().map(|t| webhook_type(cx, t));
    let payloads = spec.webhooks.iter().map(payload);
    let replies = spec.webhooks.iter().filter_map(reply);
    let event = event(spec);
    let commands = spec.webhooks.iter().map(|w| &w.command);
    let protocol = spec.webhook_protocol.as_ref().map(|p| {
        let names = p.query.iter().map(|q| &q.name);
        let timeout = p.timeout_ms.map(|t| {
            let t = proc_macro2::Literal::u64_unsuffixed(t);
            quote! {
                /// How long the service waits for the app's answer, in milliseconds; a `before`
                /// callback not answered in time counts as allowed unless the console says otherwise.
                pub const TIMEOUT_MS: u64 = #t;
            }
        });
        let window = p.window_secs.map(|w| {
            let w = proc_macro2::Literal::u64_unsuffixed(w);
            quote! {
                /// The spec's window for `RequestTime`, either way, in seconds (see `Verifier`).
                pub const WINDOW_SECS: u64 = #w;
            }
        });
        quote! {
            /// The parameters the service appends to the webhook URL, in the pages' order.
            pub const QUERY_PARAMETERS: &[&str] = &[#(#names),*];
            #timeout
            #window
        }
    });
    quote! {
        #module_doc
        /// Every callback command the spec describes, in order.
        pub const COMMANDS: &[&str] = &[#(#commands),*];
        #protocol
        #event
        #(#payloads)*
        #(#replies)*
        #(#types)*
    }
}

/// The serde attributes and Rust type of one received field. Integers accept numeric strings too:
/// the pages' samples send some (`EventTime`) as text.
fn field_def(f: &Field) -> TokenStream {
    let fdoc = docs::doc(&docs::field(f));
    let name = ident(&f.rust);
    let wire = &f.wire;
    let ty = rust_type(&f.ty, Place::Service);
    match (&f.ty, f.required) {
        (Type::Integer, true) => quote! {
            #fdoc #[serde(rename = #wire, deserialize_with = "::chat_api::webhook::de::int")] pub #name: i64,
        },
        (Type::Integer, false) => quote! {
            #fdoc #[serde(rename = #wire, default, deserialize_with = "::chat_api::webhook::de::opt_int", skip_serializing_if = "Option::is_none")]
            pub #name: Option<i64>,
        },
        (_, true) => quote! { #fdoc #[serde(rename = #wire)] pub #name: #ty, },
        (_, false) => quote! {
            #fdoc #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none")] pub #name: Option<#ty>,
        },
    }
}

fn received_struct(name: &str, doc: &str, fields: &[Field]) -> TokenStream {
    let id = ident(name);
    let doc = docs::doc(doc);
    let defs = fields.iter().map(field_def);
    let default = if fields.iter().all(|f| !f.required) { quote!(Default,) } else { quote!() };
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #id { #(#defs)* }
    }
}

/// Structs of the webhook module get lenient integers like payloads; enums and unions are the
/// spec's usual ones.
fn webhook_type(cx: &Ctx, t: &TypeDef) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(fields) => received_struct(&t.name, &t.doc, fields),
        _ => type_def(cx, t, Place::Service),
    }
}

fn describe(w: &WebhookDef) -> String {
    let mut doc = format!("`{}`: {}.\n\n{}", w.command, w.title, w.summary);
    if !w.triggers.is_empty() {
        let list: Vec<String> = w.triggers.iter().map(|t| format!("`v4/{t}`")).collect();
        doc.push_str(&format!("\n\nSent on calls of {}.", list.join(", ")));
    }
    for n in &w.notes {
        doc.push_str(&format!("\n\n{n}"));
    }
    doc.push_str(&format!("\n\nVendor page: <{}>", w.docs));
    doc
}

fn payload(w: &WebhookDef) -> TokenStream {
    let item = received_struct(&w.rust, &describe(w), &w.payload);
    let id = ident(&w.rust);
    let command = &w.command;
    quote! {
        #item
        impl #id {
            /// The `CallbackCommand` of this callback.
            pub const COMMAND: &'static str = #command;
        }
    }
}

fn reply(w: &WebhookDef) -> Option<TokenStream> {
    let r = w.reply.as_ref()?;
    let id = format_ident!("{}Reply", w.rust);
    let doc = docs::doc(&format!(
        "The app's answer to [`{}`]: `ErrorCode` 0 lets the action go ahead, other codes refuse or \
         change it. Build it with [`{id}::allow`] or [`{id}::refuse`].",
        w.rust
    ));
    let defs = r.fields.iter().map(field_def);
    let inits = r.fields.iter().map(|f| {
        let n = ident(&f.rust);
        quote!(#n: None,)
    });
    let consts = r.codes.iter().map(|c| {
        let name = format_ident!("{}", c.name.to_ascii_uppercase());
        let d = docs::doc(&format!("`ErrorCode` {}: {}", c.code, c.doc));
        let v = int_literal(c.code);
        quote!(#d pub const #name: i64 = #v;)
    });
    let named = r.codes.iter().filter(|c| c.name != "refuse").map(|c| {
        let f = ident(&c.name);
        let d = docs::doc(&format!("Answers `ErrorCode` {}: {}", c.code, c.doc));
        let v = int_literal(c.code);
        quote!(#d pub fn #f() -> Self { Self::with_code(#v, String::new()) })
    });
    let app = r.app_codes.map(|(min, max)| {
        let (a, b) = (int_literal(min), int_literal(max));
        quote! {
            /// The codes the app may choose when refusing; the service passes such a code and the
            /// message on to the caller.
            pub const APP_CODES: ::std::ops::RangeInclusive<i64> = #a..=#b;
        }
    });
    let refuse_doc = docs::doc(&match (r.codes.iter().find(|c| c.name == "refuse"), r.app_codes) {
        (Some(c), Some((min, max))) => format!(
            "Refuses the action: `code` is {} (the service answers the caller with its own code) or one of \
             the app's codes {min}..={max}, which reach the caller with `message`.",
            c.code
        ),
        (Some(c), None) => format!("Refuses the action: `code` is {} as the page documents.", c.code),
        (None, _) => "Refuses the action with `code` (not 0) and `message`.".to_string(),
    });
    let setters = r.fields.iter().map(|f| {
        let n = ident(&f.rust);
        let setter = format_ident!("with_{}", f.rust);
        let ty = rust_type(&f.ty, Place::Service);
        let d = docs::doc(&format!("Sets `{}`: {}", f.wire, f.doc));
        quote!(#d #[must_use] pub fn #setter(mut self, value: #ty) -> Self { self.#n = Some(value); self })
    });
    let with_body = r.fields.iter().find(|f| f.wire == "MsgBody").map(|f| {
        let ty = rust_type(&f.ty, Place::Service);
        let n = ident(&f.rust);
        quote! {
            /// Lets the message go ahead with `body` in place of what the sender wrote.
            pub fn allow_with_body(body: #ty) -> Self { let mut r = Self::allow(); r.#n = Some(body); r }
        }
    });
    Some(quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #id {
            /// `OK` on an answer the app meant to give.
            #[serde(rename = "ActionStatus")]
            pub action_status: String,
            /// 0 allows; see the associated constants for the others.
            #[serde(rename = "ErrorCode", deserialize_with = "::chat_api::webhook::de::int")]
            pub error_code: i64,
            /// The message that goes with a refusal.
            #[serde(rename = "ErrorInfo", default)]
            pub error_info: String,
            #(#defs)*
        }
        impl #id {
            #(#consts)*
            #app
            fn with_code(code: i64, message: String) -> Self {
                Self { action_status: "OK".to_string(), error_code: code, error_info: message, #(#inits)* }
            }
            /// Lets the action go ahead unchanged.
            pub fn allow() -> Self { Self::with_code(0, String::new()) }
            #with_body
            #refuse_doc
            pub fn refuse(code: i64, message: impl Into<String>) -> Self { Self::with_code(code, message.into()) }
            #(#named)*
            #(#setters)*
            /// Whether the answer lets the action go ahead.
            pub fn allows(&self) -> bool { self.error_code == 0 }
        }
        impl ::chat_api::webhook::ReplyBody for #id {}
    })
}

fn event(spec: &Spec) -> TokenStream {
    let variants = spec.webhooks.iter().map(|w| {
        let id = ident(&w.rust);
        let d = docs::doc(&format!("`{}`: {}.", w.command, w.title));
        quote!(#d #id(#id),)
    });
    let parse_arms = spec.webhooks.iter().map(|w| {
        let id = ident(&w.rust);
        let c = &w.command;
        quote!(#c => Event::#id(::serde_json::from_slice(body)?),)
    });
    let command_arms = spec.webhooks.iter().map(|w| {
        let id = ident(&w.rust);
        quote!(Event::#id(_) => #id::COMMAND,)
    });
    let before: Vec<TokenStream> = spec
        .webhooks
        .iter()
        .filter(|w| w.when == When::Before)
        .map(|w| {
            let id = ident(&w.rust);
            let reply = format_ident!("{}Reply", w.rust);
            quote!(Event::#id(_) => #reply::allow().into(),)
        })
        .collect();
    let before_pats = spec.webhooks.iter().filter(|w| w.when == When::Before).map(|w| {
        let id = ident(&w.rust);
        quote!(Event::#id(_))
    });
    let is_before = if before.is_empty() { quote!(false) } else { quote!(matches!(self, #(#before_pats)|*)) };
    quote! {
        /// One callback, decoded by its `CallbackCommand`. A command the spec does not describe yet
        /// arrives as [`Event::Unknown`] with its body, never as an error.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Event {
            #(#variants)*
            /// A command this version of the crate does not know.
            Unknown {
                /// Its `CallbackCommand`.
                command: String,
                /// The body as received.
                body: ::serde_json::Value,
            },
        }
        impl Event {
            /// Decodes `body` as the callback `command` (the query's `CallbackCommand`).
            ///
            /// # Errors
            /// When the body is not JSON, or not the shape of the known command.
            pub fn parse(command: &str, body: &[u8]) -> Result<Event, ::serde_json::Error> {
                Ok(match command {
                    #(#parse_arms)*
                    _ => Event::Unknown { command: command.to_string(), body: ::serde_json::from_slice(body)? },
                })
            }
            /// Decodes a body by the `CallbackCommand` it carries itself.
            ///
            /// # Errors
            /// When the body is not JSON, or not the shape of the known command.
            pub fn from_body(body: &[u8]) -> Result<Event, ::serde_json::Error> {
                let value: ::serde_json::Value = ::serde_json::from_slice(body)?;
                let command = value.get("CallbackCommand").and_then(|c| c.as_str()).unwrap_or_default().to_string();
                Event::parse(&command, body)
            }
            /// The callback command.
            pub fn command(&self) -> &str {
                match self {
                    #(#command_arms)*
                    Event::Unknown { command, .. } => command,
                }
            }
            /// Whether the app's answer decides what happens (a `before` callback).
            pub fn is_before(&self) -> bool { #is_before }
            /// The answer that lets things go ahead: `allow()` for `before` callbacks, an
            /// acknowledgement for the others.
            pub fn allow(&self) -> ::chat_api::webhook::Answer {
                match self {
                    #(#before)*
                    _ => ::chat_api::webhook::Ack::ok().into(),
                }
            }
        }
    }
}

/// One test per sample: payloads decode into their command's type (not `Unknown`) with every key
/// kept, replies into the reply type.
pub(crate) fn test_file(spec: &Spec) -> TokenStream {
    let mut tests = Vec::new();
    let mut count = std::collections::BTreeMap::<String, usize>::new();
    for w in &spec.webhooks {
        let base = crate::naming::snake(&w.rust);
        let id = ident(&w.rust);
        for ex in &w.examples {
            let samples = [("payload", &ex.payload), ("reply", &ex.reply)];
            for (kind, sample) in samples {
                let Some(sample) = sample else { continue };
                let n = count.entry(format!("{base}_{kind}")).or_default();
                *n += 1;
                let name = if *n == 1 {
                    format_ident!("{}_{}", base, kind)
                } else {
                    format_ident!("{}_{}_{}", base, kind, *n)
                };
                let command = &w.command;
                let body = if kind == "payload" {
                    quote! {
                        let event = Event::parse(#command, sample.as_bytes()).expect("sample decodes");
                        let Event::#id(typed) = &event else { panic!("{}: decoded as {event:?}", #command) };
                        assert_eq!(event.command(), #command);
                        same_keys(#command, sample, &serde_json::to_value(typed).unwrap());
                    }
                } else {
                    let reply = format_ident!("{}Reply", w.rust);
                    quote! {
                        let typed: #reply = serde_json::from_str(sample).expect("sample reply decodes");
                        same_keys(#command, sample, &serde_json::to_value(&typed).unwrap());
                    }
                };
                tests.push(quote! {
                    #[test]
                    fn #name() {
                        let sample = #sample;
                        #body
                    }
                });
            }
        }
    }
    quote! {
        //! The pages' samples (`examples:` of spec/webhooks/) decode into the generated types, which
        //! encode every key back: a wrong wire name fails here.

        use chat_api::webhook::*;
        use serde_json::Value;

        /// `typed` has the sample's keys (`CallbackCommand` aside, which the type implies) with equal
        /// values; a number the sample wrote as text counts as equal.
        fn same_keys(command: &str, sample: &str, typed: &Value) {
            fn same(a: &Value, b: &Value, at: &str) {
                match (a, b) {
                    (Value::Object(x), Value::Object(y)) => {
                        for (k, v) in x {
                            if at.is_empty() && k == "CallbackCommand" {
                                continue;
                            }
                            let w = y.get(k).unwrap_or_else(|| panic!("`{at}.{k}` is lost: the type has no such field"));
                            same(v, w, &format!("{at}.{k}"));
                        }
                    }
                    (Value::Array(x), Value::Array(y)) if x.len() == y.len() => {
                        for (i, (v, w)) in x.iter().zip(y).enumerate() {
                            same(v, w, &format!("{at}[{i}]"));
                        }
                    }
                    (Value::String(s), Value::Number(n)) if s.trim() == n.to_string() => {}
                    _ => assert_eq!(a, b, "`{at}` differs"),
                }
            }
            let sample: Value = serde_json::from_str(sample).expect("sample is JSON");
            let _ = command;
            same(&sample, typed, "");
        }

        #(#tests)*
    }
}
