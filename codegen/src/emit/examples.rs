//! A test file with one test per sample body in the spec: it must decode into the generated type and
//! encode back to the same JSON, so a field whose name or type the spec got wrong fails here.

use super::types::ident;
use crate::model::Spec;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub(crate) fn test_file(spec: &Spec) -> TokenStream {
    let mut tests = Vec::new();
    for e in &spec.endpoints {
        let Some(service) = spec.services.iter().find(|s| s.wire == e.service) else { continue };
        let module = ident(&service.module);
        let req = format_ident!("{}Request", e.type_prefix);
        let base = format!("{}_{}", service.module, e.method);
        for (i, example) in e.examples.iter().enumerate() {
            let suffix = if i == 0 { String::new() } else { format!("_{}", i + 1) };
            let samples = [
                ("request", &example.request, "request_round_trip"),
                ("response", &example.response, "reply_round_trip"),
            ];
            for (kind, sample, check) in samples {
                let Some(sample) = sample else { continue };
                let name = format_ident!("{}_{}{}", base, kind, suffix);
                let check = format_ident!("{}", check);
                tests.push(quote! {
                    #[test]
                    fn #name() {
                        #check::<chat_api::#module::#req>(#sample);
                    }
                });
            }
        }
    }
    quote! {
        //! The sample bodies of the spec (`examples:`) decode into the generated types and encode back
        //! to the same JSON, key order aside.

        use chat_api::runtime::{Endpoint, decode_reply};
        use serde_json::Value;

        /// Keys of the status envelope, which the client consumes before the reply type sees the body.
        const ENVELOPE: &[&str] = &["ActionStatus", "ErrorCode", "ErrorInfo", "ErrorDisplay", "ResultCode", "ResultInfo"];

        fn request_round_trip<E: Endpoint + serde::de::DeserializeOwned>(sample: &str) {
            let request: E = serde_json::from_str(sample).unwrap_or_else(|e| panic!("{}: sample request does not decode: {e}", E::PATH));
            let expected: Value = serde_json::from_str(sample).expect("sample is JSON");
            assert_eq!(serde_json::to_value(&request).expect("request encodes"), expected, "{}: request", E::PATH);
        }

        fn reply_round_trip<E: Endpoint>(sample: &str)
        where
            E::Response: serde::Serialize,
        {
            let reply = decode_reply::<E>(sample.as_bytes()).unwrap_or_else(|e| panic!("{}: sample reply does not decode: {e}", E::PATH));
            let mut expected: Value = serde_json::from_str(sample).expect("sample is JSON");
            if let Value::Object(map) = &mut expected {
                map.retain(|k, _| !ENVELOPE.contains(&k.as_str()));
            }
            assert_eq!(serde_json::to_value(&reply).expect("reply encodes"), expected, "{}: reply", E::PATH);
        }

        #(#tests)*
    }
}
