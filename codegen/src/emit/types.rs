//! Structs and enums: request, reply and named types, their constructors, setters and limit checks.

use super::Ctx;
use super::docs;
use crate::model::{EnumRepr, Field, Limits, Type, TypeDef, TypeKind, UnionVariant, WireValue};
use proc_macro2::{Ident, Literal, Span, TokenStream};
use quote::{format_ident, quote};

pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Which module the code is emitted into; shared types are named differently from each side.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Shared,
    Service,
}

pub(crate) fn rust_type(ty: &Type, place: Place) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Integer => quote!(i64),
        Type::Bool | Type::Flag => quote!(bool),
        Type::Number => quote!(f64),
        Type::Json => quote!(::serde_json::Value),
        Type::Array(inner) => {
            let inner = rust_type(inner, place);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, place);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Type::Named(r) => {
            let name = ident(&r.name);
            if r.shared && place == Place::Service { quote!(super::shared::#name) } else { quote!(#name) }
        }
    }
}

/// The role a struct plays, which decides its derives and constructor.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Sent by the caller: constructor from required fields, setters for the rest.
    Input,
    /// Received: read-only fields, tolerant of keys it does not know.
    Output,
}

/// A struct with its serde attributes, constructor and setters.
pub(crate) fn struct_item(cx: &Ctx, name: &str, doc: &str, fields: &[Field], role: Role, place: Place) -> TokenStream {
    let name_id = ident(name);
    let doc = docs::doc(doc);
    let defs = fields.iter().map(|f| {
        let fdoc = docs::doc(&docs::field(f));
        let fname = ident(&f.rust);
        let wire = &f.wire;
        let ty = rust_type(&f.ty, place);
        // A flag is `bool` here and 0/1 on the wire (`runtime::flag`).
        let flag = match (f.ty == Type::Flag, f.required) {
            (false, _) => quote!(),
            (true, true) => quote!(, with = "::chat_api::runtime::flag"),
            (true, false) => quote!(, with = "::chat_api::runtime::flag::option"),
        };
        if f.required {
            quote! { #fdoc #[serde(rename = #wire #flag)] pub #fname: #ty, }
        } else {
            quote! { #fdoc #[serde(rename = #wire, default, skip_serializing_if = "Option::is_none" #flag)] pub #fname: Option<#ty>, }
        }
    });
    let all_optional = fields.iter().all(|f| !f.required);
    let default = if all_optional { quote!(Default,) } else { quote!() };
    let ctor = match role {
        Role::Input => constructor(name, fields, place),
        Role::Output => quote!(),
    };
    let checks = check_impl(cx, name, fields);
    quote! {
        #doc
        #[derive(Clone, Debug, #default PartialEq, ::serde::Serialize, ::serde::Deserialize)]
        #[non_exhaustive]
        pub struct #name_id { #(#defs)* }
        #ctor
        #checks
    }
}

/// How a constructor or setter takes a value of `ty`: strings and lists of strings by conversion.
fn param(ty: &Type, place: Place) -> (TokenStream, Box<dyn Fn(TokenStream) -> TokenStream>) {
    match ty {
        Type::String => (quote!(impl Into<String>), Box::new(|v| quote!(#v.into()))),
        Type::Array(inner) if **inner == Type::String => (
            quote!(impl IntoIterator<Item = impl Into<String>>),
            Box::new(|v| quote!(#v.into_iter().map(Into::into).collect())),
        ),
        Type::Array(inner) => {
            let inner = rust_type(inner, place);
            (quote!(impl IntoIterator<Item = #inner>), Box::new(|v| quote!(#v.into_iter().collect())))
        }
        other => (rust_type(other, place), Box::new(|v| v)),
    }
}

fn constructor(name: &str, fields: &[Field], place: Place) -> TokenStream {
    let name_id = ident(name);
    let required: Vec<&Field> = fields.iter().filter(|f| f.required).collect();
    let params = required.iter().map(|f| {
        let n = ident(&f.rust);
        let (ty, _) = param(&f.ty, place);
        quote!(#n: #ty)
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.rust);
        if f.required {
            let (_, conv) = param(&f.ty, place);
            let v = conv(quote!(#n));
            if n == v.to_string() { quote!(#n,) } else { quote!(#n: #v,) }
        } else {
            quote!(#n: None,)
        }
    });
    let new_doc = if required.is_empty() {
        "Creates a value with every optional field unset.".to_string()
    } else {
        let names: Vec<String> = required.iter().map(|f| format!("`{}`", f.wire)).collect();
        format!("Creates a value from its required fields ({}); optional fields start unset.", names.join(", "))
    };
    let new_doc = docs::doc(&new_doc);
    let many = if required.len() > 7 { quote!(#[allow(clippy::too_many_arguments)]) } else { quote!() };
    let setters = fields.iter().filter(|f| !f.required).map(|f| {
        let n = ident(&f.rust);
        // `with_recalled_msg`, not `with_with_recalled_msg`.
        let setter =
            if f.rust.starts_with("with_") { format_ident!("{}", f.rust) } else { format_ident!("with_{}", f.rust) };
        let (ty, conv) = param(&f.ty, place);
        let v = conv(quote!(value));
        let sdoc = docs::doc(&format!("Sets `{}` to {}.\n\n{}", f.wire, docs::type_phrase(&f.ty), docs::field(f)));
        quote! {
            #sdoc
            #[must_use]
            pub fn #setter(mut self, value: #ty) -> Self { self.#n = Some(#v); self }
        }
    });
    quote! {
        impl #name_id {
            #new_doc
            #many
            #[must_use]
            pub fn new(#(#params),*) -> Self { Self { #(#inits)* } }
            #(#setters)*
        }
    }
}

/// `CheckLimits` for a struct whose fields (or the types inside them) carry limits.
fn check_impl(cx: &Ctx, name: &str, fields: &[Field]) -> TokenStream {
    if !cx.fields_need_check(fields) {
        return quote!();
    }
    let name_id = ident(name);
    let body = fields.iter().filter(|f| cx.field_needs_check(f)).map(|f| {
        let n = ident(&f.rust);
        let wire = &f.wire;
        let check = check_value(cx, &f.ty, &f.limits, quote!(value), quote!(at));
        if f.required {
            quote! {{ let at = at.field(#wire); let value = &self.#n; #check }}
        } else {
            quote! { if let Some(value) = &self.#n { let at = at.field(#wire); #check } }
        }
    });
    quote! {
        impl ::chat_api::runtime::CheckLimits for #name_id {
            fn check_limits_at(&self, at: &::chat_api::runtime::FieldPath<'_>) -> Result<(), ::chat_api::runtime::LimitViolation> {
                #(#body)*
                Ok(())
            }
        }
    }
}

/// Checks of one value: its own limits, then each item of a list, then nested named types.
fn check_value(cx: &Ctx, ty: &Type, limits: &Limits, value: TokenStream, at: TokenStream) -> TokenStream {
    let rt = quote!(::chat_api::runtime::limit);
    let mut out = TokenStream::new();
    // (limit name, check function, bound, how the checked value is passed)
    // Counts are passed as lengths: of a list or a map's entries (items), of a string (bytes).
    let counts = [("min_items", limits.min_items), ("max_items", limits.max_items), ("max_bytes", limits.max_bytes)];
    for (name, bound) in counts {
        if let Some(n) = bound.map(Literal::u64_unsuffixed) {
            let check = ident(name);
            let code = opt_i64(limits.code(name));
            out.extend(quote!(#rt::#check(&#at, #value.len(), #n, #code)?;));
        }
    }
    for (name, bound) in [("min", limits.min), ("max", limits.max)] {
        if let Some(n) = bound.map(int_literal) {
            let check = ident(name);
            let code = opt_i64(limits.code(name));
            out.extend(quote!(#rt::#check(&#at, *#value, #n, #code)?;));
        }
    }
    match ty {
        Type::Array(inner) => {
            // A limit on a list's strings applies to each item, with the list's code for it.
            let mut item_limits = Limits { max_bytes: limits.item_max_bytes, ..Limits::default() };
            if let Some(code) = limits.code("item_max_bytes") {
                item_limits.codes.insert("max_bytes".into(), code);
            }
            if !item_limits.is_empty() || cx.type_needs_check(inner) {
                let inner_check = check_value(cx, inner, &item_limits, quote!(item), quote!(at_item));
                out.extend(quote! {
                    for (i, item) in #value.iter().enumerate() {
                        let at_item = #at.index(i);
                        #inner_check
                    }
                });
            }
        }
        Type::Map(inner) if cx.type_needs_check(inner) => {
            let inner_check = check_value(cx, inner, &Limits::default(), quote!(item), quote!(at_item));
            out.extend(quote! {
                for (key, item) in #value {
                    let at_item = #at.key(key);
                    #inner_check
                }
            });
        }
        Type::Named(_) if cx.type_needs_check(ty) => {
            out.extend(quote!(::chat_api::runtime::CheckLimits::check_limits_at(#value, &#at)?;));
        }
        _ => {}
    }
    out
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => {
            let v = int_literal(v);
            quote!(Some(#v))
        }
        None => quote!(None),
    }
}

/// A named type: struct or enum with fallback. Structs that only replies carry get no constructor.
pub(crate) fn type_def(cx: &Ctx, t: &TypeDef, place: Place) -> TokenStream {
    match &t.kind {
        TypeKind::Struct(fields) => struct_item(cx, &t.name, &t.doc, fields, cx.role_of(&t.name, place), place),
        TypeKind::Enum { repr, values } => enum_item(t, *repr, values),
        TypeKind::Union { tag, content, variants } => union_item(cx, t, tag, content, variants, place),
    }
}

/// A union: a Rust enum with a variant per documented tag and the object itself for other tags.
fn union_item(cx: &Ctx, t: &TypeDef, tag: &str, content: &str, variants: &[UnionVariant], place: Place) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::doc(&format!(
        "{}\n\nOn the wire an object: `{tag}` names the variant, `{content}` holds its content. Objects with a \
         `{tag}` the spec does not list arrive as `Unknown`, whole, and are sent back unchanged.",
        t.doc
    ));
    let defs = variants.iter().map(|v| {
        let d = docs::doc(&format!("`{}`: {}", v.tag, v.doc));
        let n = ident(&v.rust);
        match &v.ty {
            Some(ty) => {
                let ty = rust_type(ty, place);
                quote!(#d #n(#ty),)
            }
            None => quote!(#d #n,),
        }
    });
    let tags = variants.iter().map(|v| {
        let n = ident(&v.rust);
        let w = &v.tag;
        match v.ty {
            Some(_) => quote!(Self::#n(_) => Some(#w),),
            None => quote!(Self::#n => Some(#w),),
        }
    });
    let ser = variants.iter().map(|v| {
        let n = ident(&v.rust);
        let w = &v.tag;
        match v.ty {
            Some(_) => quote! {
                Self::#n(value) => {
                    let mut map = serializer.serialize_map(Some(2))?;
                    map.serialize_entry(#tag, #w)?;
                    map.serialize_entry(#content, value)?;
                    map.end()
                }
            },
            None => quote! {
                Self::#n => {
                    let mut map = serializer.serialize_map(Some(1))?;
                    map.serialize_entry(#tag, #w)?;
                    map.end()
                }
            },
        }
    });
    let de = variants.iter().map(|v| {
        let n = ident(&v.rust);
        let w = &v.tag;
        match v.ty {
            Some(_) => quote! {
                Some(#w) => ::serde_json::from_value(raw.get(#content).cloned().unwrap_or_default())
                    .map(Self::#n)
                    .map_err(|e| <D::Error as ::serde::de::Error>::custom(format!("{} `{}`: {e}", #tag, #w))),
            },
            None => quote!(Some(#w) => Ok(Self::#n),),
        }
    });
    let checks = union_check_impl(cx, &t.name, content, variants);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum #name {
            #(#defs)*
            /// An object whose tag the spec does not know, kept whole as received.
            Unknown(::serde_json::Value),
        }
        impl #name {
            /// The tag as sent on the wire (read from the object for `Unknown`).
            pub fn tag(&self) -> Option<&str> {
                match self {
                    #(#tags)*
                    Self::Unknown(raw) => raw.get(#tag).and_then(::serde_json::Value::as_str),
                }
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::serde::ser::SerializeMap as _;
                match self {
                    #(#ser)*
                    Self::Unknown(raw) => ::serde::Serialize::serialize(raw, serializer),
                }
            }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let raw = <::serde_json::Value as ::serde::Deserialize>::deserialize(deserializer)?;
                match raw.get(#tag).and_then(::serde_json::Value::as_str) {
                    #(#de)*
                    _ => Ok(Self::Unknown(raw)),
                }
            }
        }
        #checks
    }
}

/// `CheckLimits` for a union whose variants' contents carry limits.
fn union_check_impl(cx: &Ctx, name: &str, content: &str, variants: &[UnionVariant]) -> TokenStream {
    let arms: Vec<(TokenStream, TokenStream)> = variants
        .iter()
        .filter_map(|v| {
            let ty = v.ty.as_ref().filter(|ty| cx.type_needs_check(ty))?;
            let n = ident(&v.rust);
            let check = check_value(cx, ty, &Limits::default(), quote!(value), quote!(at));
            Some((quote!(Self::#n(value)), quote!({ let at = at.field(#content); #check })))
        })
        .collect();
    let body = match arms.as_slice() {
        [] => return quote!(),
        [(pattern, check)] => quote!(if let #pattern = self #check),
        many => {
            let arms = many.iter().map(|(p, c)| quote!(#p => #c));
            quote!(match self { #(#arms)* _ => {} })
        }
    };
    let name = ident(name);
    quote! {
        impl ::chat_api::runtime::CheckLimits for #name {
            fn check_limits_at(&self, at: &::chat_api::runtime::FieldPath<'_>) -> Result<(), ::chat_api::runtime::LimitViolation> {
                #body
                Ok(())
            }
        }
    }
}

fn enum_item(t: &TypeDef, repr: EnumRepr, values: &[crate::model::EnumValue]) -> TokenStream {
    let name = ident(&t.name);
    let doc = docs::doc(&format!(
        "{}\n\nValues the spec does not list arrive as `Unknown` with the raw value, and are sent back unchanged.",
        t.doc
    ));
    let variants = values.iter().map(|v| {
        let vdoc = docs::doc(&format!("`{}`: {}", v.wire, v.doc));
        let n = ident(&v.rust);
        quote!(#vdoc #n,)
    });
    let (raw_ty, as_fn, as_doc) = match repr {
        EnumRepr::String => (quote!(String), quote!(as_str), "The value as sent on the wire."),
        EnumRepr::Integer => (quote!(i64), quote!(as_i64), "The value as sent on the wire."),
    };
    let as_doc = docs::doc(as_doc);
    let to_wire = values.iter().map(|v| {
        let n = ident(&v.rust);
        let w = wire_literal(&v.wire);
        quote!(Self::#n => #w,)
    });
    let from_wire = values.iter().map(|v| {
        let n = ident(&v.rust);
        let w = wire_literal(&v.wire);
        quote!(#w => Self::#n,)
    });
    let (ret, unknown_arm, from_impl, ser, de) = match repr {
        EnumRepr::String => (
            quote!(&str),
            quote!(Self::Unknown(raw) => raw,),
            quote! {
                impl From<&str> for #name {
                    fn from(raw: &str) -> Self {
                        match raw { #(#from_wire)* other => Self::Unknown(other.to_string()) }
                    }
                }
            },
            quote!(serializer.serialize_str(self.as_str())),
            quote!(<String as ::serde::Deserialize>::deserialize(deserializer).map(|raw| Self::from(raw.as_str()))),
        ),
        EnumRepr::Integer => (
            quote!(i64),
            quote!(Self::Unknown(raw) => *raw,),
            quote! {
                impl From<i64> for #name {
                    fn from(raw: i64) -> Self {
                        match raw { #(#from_wire)* other => Self::Unknown(other) }
                    }
                }
            },
            quote!(serializer.serialize_i64(self.as_i64())),
            quote!(<i64 as ::serde::Deserialize>::deserialize(deserializer).map(Self::from)),
        ),
    };
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the spec does not know, kept as received.
            Unknown(#raw_ty),
        }
        impl #name {
            #as_doc
            pub fn #as_fn(&self) -> #ret {
                match self { #(#to_wire)* #unknown_arm }
            }
        }
        #from_impl
        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.#as_fn(), f)
            }
        }
        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> { #ser }
        }
        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> { #de }
        }
    }
}

fn wire_literal(w: &WireValue) -> TokenStream {
    match w {
        WireValue::String(s) => quote!(#s),
        WireValue::Integer(i) => int_literal(*i),
    }
}

/// An unsuffixed integer literal; negative values as `-` and the magnitude, as Rust source spells them.
pub(crate) fn int_literal(v: i64) -> TokenStream {
    let magnitude = Literal::u64_unsuffixed(v.unsigned_abs());
    if v < 0 { quote!(-#magnitude) } else { quote!(#magnitude) }
}
