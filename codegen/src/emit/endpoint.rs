//! A service module: its handle with one async method per endpoint, and each endpoint's request,
//! reply, error enum and local types.

use super::types::{Place, Role, ident, int_literal, rust_type, struct_item, type_def};
use super::{Ctx, docs, errors};
use crate::model::{CursorFrom, Endpoint, Field, Service, Type};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};

pub(crate) fn service_module(cx: &Ctx, s: &Service) -> TokenStream {
    let endpoints: Vec<&Endpoint> = cx.spec.endpoints_of(s).collect();
    let module_doc = docs::inner_doc(&format!("{}: `v4/{}/*`.\n\n{}", s.title, s.wire, s.doc));
    let handle = handle(cx, s, &endpoints);
    let items = endpoints.iter().map(|e| items(cx, s, e));
    let shared = s.types.iter().map(|t| type_def(cx, t, Place::Service));
    quote! {
        #module_doc
        #handle
        #(#items)*
        #(#shared)*
    }
}

/// One endpoint's method (in a handle impl of its own) and items, for snapshots.
pub(crate) fn endpoint_alone(cx: &Ctx, s: &Service, e: &Endpoint) -> TokenStream {
    let handle = ident(&s.handle());
    let method = method(cx, e);
    let items = items(cx, s, e);
    quote! {
        impl<'c> #handle<'c> { #method }
        #items
    }
}

fn handle(cx: &Ctx, s: &Service, endpoints: &[&Endpoint]) -> TokenStream {
    let name = ident(&s.handle());
    let accessor = &s.module;
    let doc = docs::doc(&format!(
        "{}: {}\n\nGet one from [`Client::{accessor}`](crate::Client::{accessor}); it borrows the client and \
         costs nothing to make.",
        s.title, s.doc
    ));
    let methods = endpoints.iter().map(|e| method(cx, e));
    quote! {
        #doc
        #[derive(Clone, Copy, Debug)]
        pub struct #name<'c> {
            client: &'c ::chat_api::Client,
        }
        impl<'c> #name<'c> {
            /// Wraps a client.
            pub fn new(client: &'c ::chat_api::Client) -> Self {
                Self { client }
            }
            #(#methods)*
        }
    }
}

fn method(cx: &Ctx, e: &Endpoint) -> TokenStream {
    let mut out = single_method(cx, e);
    out.extend(paging_method(e));
    out.extend(batch_method(e));
    out
}

fn single_method(cx: &Ctx, e: &Endpoint) -> TokenStream {
    let doc = docs::doc(&docs::method(cx.spec, e));
    let name = ident(&e.method);
    let (req, resp, err) = names(e);
    // The missing parts of a de-duplication key are drawn once, here, so every retry of this call
    // carries the same key.
    let (binding, fill) = if e.request.iter().any(|f| f.dedup) {
        (quote!(mut request), quote!(::chat_api::runtime::fill_dedup(&mut request);))
    } else {
        (quote!(request), quote!())
    };
    quote! {
        #doc
        pub async fn #name(&self, #binding: #req) -> Result<#resp, ::chat_api::Error<#err>> {
            #fill
            self.client.call(&request).await
        }
    }
}

/// `<method>_all`: a stream over the items of every page, following the spec's cursor.
fn paging_method(e: &Endpoint) -> Option<TokenStream> {
    let paging = e.paging.as_ref()?;
    let (req, resp, err) = names(e);
    fn field<'f>(fields: &'f [Field], wire: &str) -> Option<&'f Field> {
        fields.iter().find(|f| f.wire == wire)
    }
    let items = field(&e.response, &paging.items)?;
    let Type::Array(item_ty) = &items.ty else { return None };
    let item_ty = rust_type(item_ty, Place::Service);
    let items_name = ident(&items.rust);
    let take = if items.required {
        quote!(::std::mem::take(&mut reply.#items_name))
    } else {
        quote!(reply.#items_name.take().unwrap_or_default())
    };
    let done = paging.done.as_ref().and_then(|(wire, value)| {
        let f = field(&e.response, wire)?;
        let n = ident(&f.rust);
        let v = int_literal(*value);
        Some(if f.required {
            quote!(if reply.#n == #v { return false; })
        } else {
            quote!(if reply.#n == Some(#v) { return false; })
        })
    });
    let mut before = Vec::new();
    let mut copies = Vec::new();
    for (req_wire, from) in &paging.cursor {
        let Some(rq) = field(&e.request, req_wire) else { continue };
        let r = ident(&rq.rust);
        // Numbers and flags are copied; text and structures cloned.
        let copy = matches!(rq.ty, Type::Integer | Type::Bool | Type::Flag | Type::Number);
        before.push(if copy { quote!(request.#r) } else { quote!(request.#r.clone()) });
        let set = |v: TokenStream| if rq.required { quote!(request.#r = #v;) } else { quote!(request.#r = Some(#v);) };
        copies.push(match from {
            CursorFrom::Reply(rep_wire) => {
                let Some(rp) = field(&e.response, rep_wire) else { continue };
                let p = ident(&rp.rust);
                let from_some = if copy { quote!(*v) } else { quote!(v.clone()) };
                if rp.required {
                    set(if copy { quote!(reply.#p) } else { quote!(reply.#p.clone()) })
                } else {
                    let set = set(from_some);
                    quote!(match &reply.#p { Some(v) => { #set } None => return false })
                }
            }
            CursorFrom::AddItems => {
                let received = quote!(i64::try_from(items.len()).unwrap_or(i64::MAX));
                if rq.required {
                    quote!(request.#r = request.#r.saturating_add(#received);)
                } else {
                    quote!(request.#r = Some(request.#r.unwrap_or(0).saturating_add(#received));)
                }
            }
            CursorFrom::BelowItems { rust, required, .. } => {
                let n = ident(rust);
                let values = if *required {
                    quote!(items.iter().map(|i| i.#n))
                } else {
                    quote!(items.iter().filter_map(|i| i.#n))
                };
                let set = set(quote!(lowest - 1));
                // Sequence numbers start at 1: below the first, there is nothing.
                quote!(match #values.min() { Some(lowest) if lowest > 1 => { #set } _ => return false })
            }
        });
    }
    let reads_items =
        paging.cursor.iter().any(|(_, from)| matches!(from, CursorFrom::BelowItems { .. } | CursorFrom::AddItems));
    // With a total: no more pages once the offset reaches it.
    let offset = paging.cursor.iter().find(|(_, from)| *from == CursorFrom::AddItems);
    let offset = offset.and_then(|(wire, _)| field(&e.request, wire));
    let total = paging.total.as_ref().and_then(|wire| field(&e.response, wire));
    let reached = total.zip(offset).map(|(t, o)| {
        let (t_name, o_name) = (ident(&t.rust), ident(&o.rust));
        let t = if t.required { quote!(reply.#t_name) } else { quote!(reply.#t_name.unwrap_or(i64::MAX)) };
        let o = if o.required { quote!(request.#o_name) } else { quote!(request.#o_name.unwrap_or(0)) };
        quote!(if #o >= #t { return false; })
    });
    let items_arg = if reads_items { format_ident!("items") } else { format_ident!("_items") };
    let reads_reply = paging.done.is_some()
        || reached.is_some()
        || paging.cursor.iter().any(|(_, f)| matches!(f, CursorFrom::Reply(_)));
    let reply_arg = if reads_reply { format_ident!("reply") } else { format_ident!("_reply") };
    let name = format_ident!("{}_all", e.method);
    let single = ident(&e.method);
    let doc = docs::doc(&format!(
        "Every item of every page of [`{single}`](Self::{single}), as a stream: each reply's `{}` is \
         yielded item by item, and its cursor ({}) goes into the next request until the last page.\n\n\
         Consume it with `futures_util::StreamExt::next` or `TryStreamExt::try_collect`. An error \
         ends the stream after it is yielded.",
        paging.items,
        paging
            .cursor
            .iter()
            .map(|(a, from)| match from {
                CursorFrom::Reply(b) => format!("`{b}` into `{a}`"),
                CursorFrom::BelowItems { wire, .. } => format!("one below the page's smallest `{wire}` into `{a}`"),
                CursorFrom::AddItems => format!("`{a}` moved past the items received"),
            })
            .collect::<Vec<_>>()
            .join(", ")
    ));
    Some(quote! {
        #doc
        pub fn #name(&self, request: #req) -> impl ::chat_api::runtime::Stream<Item = Result<#item_ty, ::chat_api::Error<#err>>> + Send + 'static {
            ::chat_api::runtime::paginate(
                self.client.clone(),
                request,
                |reply: &mut #resp| #take,
                |request: &mut #req, #reply_arg: &#resp, #items_arg: &[#item_ty]| -> bool {
                    #done
                    let before = (#(#before,)*);
                    #(#copies)*
                    #reached
                    // A cursor that does not move would fetch the same page forever.
                    before != (#(#before,)*)
                },
            )
        }
    })
}

/// `<method>_batched`: any number of items, split into calls of at most the spec's `max_items`.
fn batch_method(e: &Endpoint) -> Option<TokenStream> {
    let wire = e.batch.as_ref()?;
    let f = e.request.iter().find(|f| &f.wire == wire)?;
    let Type::Array(item_ty) = &f.ty else { return None };
    let size = Literal::u64_unsuffixed(f.limits.max_items?);
    let (req, resp, err) = names(e);
    let item_ty = rust_type(item_ty, Place::Service);
    let n = ident(&f.rust);
    let (take, put) = if f.required {
        (quote!(::std::mem::take(&mut request.#n)), quote!(request.#n = chunk;))
    } else {
        (quote!(request.#n.take().unwrap_or_default()), quote!(request.#n = Some(chunk);))
    };
    let name = format_ident!("{}_batched", e.method);
    let single = ident(&e.method);
    let doc = docs::doc(&format!(
        "[`{single}`](Self::{single}) for any number of items in `{wire}`: they are sent in calls of at most \
         {size} (the documented limit), one after another within the documented call frequency, the \
         other fields repeated in each call. The report gives every call's outcome and, through \
         `per_item`, each item's.",
        size = f.limits.max_items.unwrap_or_default()
    ));
    Some(quote! {
        #doc
        pub async fn #name(&self, request: #req) -> ::chat_api::runtime::Batch<#item_ty, #resp, #err> {
            ::chat_api::runtime::run_batch(
                self.client,
                request,
                #size,
                |request: &mut #req| #take,
                |request: &mut #req, chunk: Vec<#item_ty>| { #put },
            )
            .await
        }
    })
}

fn names(e: &Endpoint) -> (proc_macro2::Ident, proc_macro2::Ident, proc_macro2::Ident) {
    (
        ident(&format!("{}Request", e.type_prefix)),
        ident(&format!("{}Response", e.type_prefix)),
        ident(&format!("{}Error", e.type_prefix)),
    )
}

fn items(cx: &Ctx, s: &Service, e: &Endpoint) -> TokenStream {
    let (req, resp, err) = names(e);
    let path = e.path();
    let link = format!("[`{}::{}`]", s.handle(), e.method);
    let req_doc = format!("Request body of {link}: {}.", docs::lower_first(&e.title));
    let resp_doc = format!(
        "Reply of {link}, without the status envelope (`ActionStatus`, `ErrorCode`, `ErrorInfo`...) that the \
         client turns into `Ok` or [`{err}`]. Keys the spec does not know are ignored."
    );
    let request = struct_item(cx, &req.to_string(), &req_doc, &e.request, Role::Input, Place::Service);
    let response = struct_item(cx, &resp.to_string(), &resp_doc, &e.response, Role::Output, Place::Service);
    let rate = match &e.rate_limit {
        Some(r) => {
            let calls = Literal::u64_unsuffixed(r.calls);
            let secs = Literal::u64_unsuffixed(r.per.seconds());
            quote!(Some(::chat_api::runtime::RateLimit::new(#calls, #secs)))
        }
        None => quote!(None),
    };
    let edition = match e.edition {
        Some(ed) => {
            let v = ident(ed.variant());
            quote!(Some(::chat_api::runtime::Edition::#v))
        }
        None => quote!(None),
    };
    let invalid_code = s.invalid_request_code.map(|c| {
        let c = int_literal(c);
        quote!(const INVALID_REQUEST_CODE: Option<i64> = Some(#c);)
    });
    let edition_code = e.edition_code.map(|c| {
        let c = int_literal(c);
        quote!(const EDITION_CODE: Option<i64> = Some(#c);)
    });
    let check = if cx.fields_need_check(&e.request) {
        quote! {
            fn check_limits(&self) -> Result<(), ::chat_api::runtime::LimitViolation> {
                ::chat_api::runtime::CheckLimits::check_limits_at(self, &::chat_api::runtime::FieldPath::ROOT)
                    .map_err(|v| v.or_code(Self::INVALID_REQUEST_CODE))
            }
        }
    } else {
        quote!()
    };
    let idempotent = e.idempotent.then(|| {
        quote!(
            const IDEMPOTENT: bool = true;
        )
    });
    let dedup = dedup_impl(&e.request);
    let codes: Vec<_> = cx.spec.endpoint_errors(e).cloned().collect();
    let error = errors::endpoint_error(&err.to_string(), &path, &codes);
    let local = e.types.iter().map(|t| type_def(cx, t, Place::Service));
    quote! {
        #request
        impl ::chat_api::runtime::Endpoint for #req {
            const PATH: &'static str = #path;
            const RATE_LIMIT: Option<::chat_api::runtime::RateLimit> = #rate;
            const EDITION: Option<::chat_api::runtime::Edition> = #edition;
            #edition_code
            #invalid_code
            #idempotent
            type Response = #resp;
            type Error = #err;
            #check
            #dedup
        }
        #response
        #error
        #(#local)*
    }
}

/// `carries_dedup_key` and `fill_dedup` over the request's de-duplication fields: the key is
/// whole when every part is set; `fill_dedup` draws only the parts the caller left out.
fn dedup_impl(request: &[Field]) -> Option<TokenStream> {
    let parts: Vec<&Field> = request.iter().filter(|f| f.dedup).collect();
    if parts.is_empty() {
        return None;
    }
    let optional: Vec<_> = parts.iter().filter(|f| !f.required).map(|f| ident(&f.rust)).collect();
    if optional.is_empty() {
        return Some(quote! {
            fn carries_dedup_key(&self) -> bool { true }
        });
    }
    Some(quote! {
        fn carries_dedup_key(&self) -> bool {
            #(self.#optional.is_some())&&*
        }
        fn fill_dedup(&mut self, draw: &mut dyn FnMut() -> u32) {
            #(self.#optional.get_or_insert_with(|| i64::from(draw()));)*
        }
    })
}
