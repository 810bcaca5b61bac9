//! The generated root (`mod.rs`: service modules and `Client` accessors) and the shared module
//! (regions, common errors, shared types).

use super::types::{Place, ident, type_def};
use super::{Ctx, docs, errors};
use crate::model::Spec;
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn root_module(spec: &Spec) -> TokenStream {
    let doc = docs::inner_doc(
        "Everything generated from the spec: one module per service, the shared module, and the\n\
         `Client` accessors that reach each service.",
    );
    // Each service is a cargo feature of its own (`features.rs`).
    let cfg = |module: &str| quote!(#[cfg(feature = #module)]);
    let mods = spec.services.iter().map(|s| {
        let m = ident(&s.module);
        let d = docs::doc(&format!("{}: {}", s.title, s.doc));
        let c = cfg(&s.module);
        quote!(#d #c pub mod #m;)
    });
    let accessors = spec.services.iter().map(|s| {
        let m = ident(&s.module);
        let h = ident(&s.handle());
        let d = docs::doc(&format!("{}: the endpoints under `v4/{}/`.", s.title, s.wire));
        let c = cfg(&s.module);
        quote! {
            #d
            #c
            pub fn #m(&self) -> #m::#h<'_> { #m::#h::new(self) }
        }
    });
    let paths = spec.endpoints.iter().map(|e| e.path());
    // Reached through the hand-written `chat_api::webhook`, which adds the signature check.
    let webhook = (!spec.webhooks.is_empty()).then(|| {
        quote!(
            pub(crate) mod webhook;
        )
    });
    quote! {
        #doc
        mod shared;
        pub use shared::*;
        #webhook
        #(#mods)*
        impl ::chat_api::Client {
            #(#accessors)*
        }
        /// Every endpoint the spec covers, as `service/command` (the path after `v4/`), in order.
        pub const ENDPOINTS: &[&str] = &[#(#paths),*];
    }
}

pub(crate) fn shared_module(cx: &Ctx, spec: &Spec) -> TokenStream {
    let doc = docs::inner_doc("Items every service uses: regions, the common error codes and shared types.");
    let region = region(spec);
    let common = errors::common_error(&spec.common_errors.doc, &spec.common_errors.codes);
    let types = spec.shared_types.iter().map(|t| type_def(cx, t, Place::Shared));
    quote! {
        #doc
        #region
        #common
        #(#types)*
    }
}

fn region(spec: &Spec) -> TokenStream {
    let variants = spec.regions.iter().map(|r| {
        let d = docs::doc(&format!("{} Host `{}`.", r.doc, r.host));
        let v = ident(&r.variant);
        quote!(#d #v,)
    });
    let all = spec.regions.iter().map(|r| {
        let v = ident(&r.variant);
        quote!(Region::#v)
    });
    let hosts = spec.regions.iter().map(|r| {
        let v = ident(&r.variant);
        let h = &r.host;
        quote!(Region::#v => #h,)
    });
    let names = spec.regions.iter().map(|r| {
        let v = ident(&r.variant);
        let n = &r.name;
        quote!(Region::#v => #n,)
    });
    quote! {
        /// Where an app's data lives, and so which host serves its REST API. An app belongs to the
        /// region chosen when it was created; the host of another region refuses it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Region { #(#variants)* }
        impl Region {
            /// Every region, in the spec's order.
            pub const ALL: &'static [Region] = &[#(#all),*];
            /// Host name of the region's REST API.
            pub fn host(self) -> &'static str {
                match self { #(#hosts)* }
            }
            /// The region's name in snake_case, as [`FromStr`](::std::str::FromStr) accepts it.
            pub fn name(self) -> &'static str {
                match self { #(#names)* }
            }
        }
        impl ::std::str::FromStr for Region {
            type Err = ::chat_api::runtime::UnknownRegion;
            /// Accepts a name (`singapore`, `silicon-valley`, `Silicon Valley`) or a host name.
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                let wanted = s.trim().to_ascii_lowercase().replace(['-', ' '], "_");
                Region::ALL
                    .iter()
                    .copied()
                    .find(|r| r.name() == wanted || r.host() == wanted)
                    .ok_or_else(|| ::chat_api::runtime::UnknownRegion::new(s, Region::ALL.iter().map(|r| r.name())))
            }
        }
        impl ::std::fmt::Display for Region {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.name())
            }
        }
    }
}
