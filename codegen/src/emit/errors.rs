//! Error enums: one variant per documented code, the common codes nested, an `Unknown` fallback.

use super::docs;
use super::types::{ident, int_literal};
use crate::model::ErrorCode;
use proc_macro2::TokenStream;
use quote::quote;

fn variant_doc(c: &ErrorCode) -> TokenStream {
    let retry = if c.retriable { " *Retriable.*" } else { "" };
    docs::doc(&format!("`{}`: {}{retry}", c.code, c.meaning))
}

/// Methods shared by every error enum: where the detail is, the spec's meaning, retry advice.
fn accessors(
    codes: &[ErrorCode],
    detail_arms: TokenStream,
    meaning_tail: TokenStream,
    retriable_tail: Option<TokenStream>,
) -> TokenStream {
    let meaning_arms = codes.iter().map(|c| {
        let v = ident(&c.variant);
        let m = &c.meaning;
        quote!(Self::#v(_) => Some(#m),)
    });
    let retriable: Vec<TokenStream> = codes
        .iter()
        .filter(|c| c.retriable)
        .map(|c| {
            let v = ident(&c.variant);
            quote!(Self::#v(_))
        })
        .collect();
    let mut checks: Vec<TokenStream> = Vec::new();
    if !retriable.is_empty() {
        checks.push(quote!(matches!(self, #(#retriable)|*)));
    }
    checks.extend(retriable_tail);
    let retriable = if checks.is_empty() { quote!(false) } else { quote!(#(#checks)||*) };
    quote! {
        /// The numeric code, as the service sent it. Matching on it keeps working when a later spec
        /// gives an `Unknown` code a variant of its own.
        pub fn code(&self) -> i64 {
            self.detail().code
        }
        /// The service's own text for the error (`ErrorInfo`).
        pub fn message(&self) -> &str {
            &self.detail().info
        }
        /// Code, message and display text as received.
        pub fn detail(&self) -> &::chat_api::runtime::ErrorDetail {
            match self { #detail_arms }
        }
        /// What the code means according to the spec; `None` for a code the spec does not know.
        pub fn meaning(&self) -> Option<&'static str> {
            match self { #(#meaning_arms)* #meaning_tail }
        }
        /// Whether sending the same request again may succeed (internal errors, timeouts, frequency
        /// limits, write conflicts). Unknown codes are not retriable.
        pub fn is_retriable(&self) -> bool {
            #retriable
        }
    }
}

fn detail_arms(codes: &[ErrorCode], extra: &[&str]) -> TokenStream {
    let names: Vec<TokenStream> = codes
        .iter()
        .map(|c| c.variant.as_str())
        .chain(extra.iter().copied())
        .map(|v| {
            let v = ident(v);
            quote!(Self::#v(detail))
        })
        .collect();
    if names.is_empty() { quote!() } else { quote!(#(#names)|* => detail,) }
}

/// The error enum of one endpoint.
pub(crate) fn endpoint_error(name: &str, path: &str, codes: &[ErrorCode]) -> TokenStream {
    let name_id = ident(name);
    let doc = docs::doc(&format!(
        "Error codes of `v4/{path}`.\n\nMatch on a variant, or on [`code()`](Self::code): a code this version \
         does not name arrives as `Unknown` and keeps its number and message."
    ));
    let variants = codes.iter().map(|c| {
        let d = variant_doc(c);
        let v = ident(&c.variant);
        quote!(#d #v(::chat_api::runtime::ErrorDetail),)
    });
    let from_arms = codes.iter().map(|c| {
        let v = ident(&c.variant);
        let code = int_literal(c.code);
        quote!(#code => Self::#v(detail),)
    });
    let common_or_unknown = quote! {
        match super::shared::CommonError::from_detail(detail) {
            Ok(common) => Self::Common(common),
            Err(detail) => Self::Unknown(detail),
        }
    };
    // An endpoint without codes of its own only sorts common codes from the rest.
    let from_body = if codes.is_empty() {
        common_or_unknown
    } else {
        quote! {
            match detail.code {
                #(#from_arms)*
                _ => #common_or_unknown,
            }
        }
    };
    let mut arms = detail_arms(codes, &["Unknown"]);
    arms.extend(quote!(Self::Common(common) => common.detail(),));
    let methods = accessors(
        codes,
        arms,
        quote!(Self::Common(common) => common.meaning(), Self::Unknown(_) => None,),
        Some(quote!(matches!(self, Self::Common(common) if common.is_retriable()))),
    );
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum #name_id {
            #(#variants)*
            /// A code from the common range (60000-79999) that any endpoint may return.
            Common(super::shared::CommonError),
            /// A code the spec does not list for this endpoint.
            Unknown(::chat_api::runtime::ErrorDetail),
        }
        impl #name_id {
            #methods
        }
        impl ::chat_api::runtime::ServiceError for #name_id {
            const ENDPOINT: &'static str = #path;
            fn from_detail(detail: ::chat_api::runtime::ErrorDetail) -> Self {
                #from_body
            }
            fn detail(&self) -> &::chat_api::runtime::ErrorDetail { Self::detail(self) }
            fn meaning(&self) -> Option<&'static str> { Self::meaning(self) }
            fn is_retriable(&self) -> bool { Self::is_retriable(self) }
        }
        impl ::std::fmt::Display for #name_id {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::chat_api::runtime::fmt_service_error(f, Some(#path), self.detail(), self.meaning())
            }
        }
        impl ::std::error::Error for #name_id {}
    }
}

/// `CommonError`: the codes any endpoint may return.
pub(crate) fn common_error(doc: &str, codes: &[ErrorCode]) -> TokenStream {
    let doc = docs::doc(&format!("{doc}\n\nEvery endpoint's error enum carries these as its `Common` variant."));
    let variants = codes.iter().map(|c| {
        let d = variant_doc(c);
        let v = ident(&c.variant);
        quote!(#d #v(::chat_api::runtime::ErrorDetail),)
    });
    let from_arms = codes.iter().map(|c| {
        let v = ident(&c.variant);
        let code = int_literal(c.code);
        quote!(#code => Ok(Self::#v(detail)),)
    });
    let methods = accessors(codes, detail_arms(codes, &[]), quote!(), None);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum CommonError {
            #(#variants)*
        }
        impl CommonError {
            /// The common error for this code, or the detail back when the code is not a common one.
            ///
            /// # Errors
            /// Returns `detail` unchanged when its code is not in the common table.
            pub fn from_detail(detail: ::chat_api::runtime::ErrorDetail) -> Result<Self, ::chat_api::runtime::ErrorDetail> {
                match detail.code {
                    #(#from_arms)*
                    _ => Err(detail),
                }
            }
            #methods
        }
        impl ::std::fmt::Display for CommonError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::chat_api::runtime::fmt_service_error(f, None, self.detail(), self.meaning())
            }
        }
        impl ::std::error::Error for CommonError {}
    }
}
