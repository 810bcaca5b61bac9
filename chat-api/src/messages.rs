//! Shortcuts for the message elements sent most often, built on the generated message model
//! ([`MsgElement`] and its content types). Everything here can be written with the generated
//! constructors too; these only choose sensible values for the common case.

use crate::{
    CustomElem, FaceElem, FileElem, ImageElem, ImageFormat, ImageInfo, ImageInfoType, LocationElem, MsgElement,
    TextElem,
};

impl MsgElement {
    /// A text element.
    ///
    /// ```
    /// use chat_api::MsgElement;
    /// let body = vec![MsgElement::text("hello")];
    /// assert_eq!(serde_json::to_value(&body).unwrap()[0]["MsgContent"]["Text"], "hello");
    /// ```
    pub fn text(text: impl Into<String>) -> Self {
        MsgElement::Text(TextElem::new(text))
    }

    /// A custom element carrying app-defined data (often JSON text) that clients interpret.
    /// `desc` is what offline pushes show for it, since the data itself is not readable text.
    pub fn custom(data: impl Into<String>, desc: Option<&str>) -> Self {
        let elem = CustomElem::new().with_data(data);
        MsgElement::Custom(match desc {
            Some(d) => elem.with_desc(d),
            None => elem,
        })
    }

    /// An image the app hosts at `url`, in one size: the original is given as every size the
    /// element lists (original, large, thumbnail), so every client can show it. `id` identifies the
    /// image (the vendor's `UUID`); `size` is in bytes, `width` and `height` in pixels (0 if
    /// unknown). The format is read from the URL's extension, `Other` when it says nothing.
    pub fn image_url(id: impl Into<String>, url: &str, size: i64, width: i64, height: i64) -> Self {
        let path = url.split(['?', '#']).next().unwrap_or_default().to_ascii_lowercase();
        let format = match path.rsplit('.').next() {
            Some("jpg" | "jpeg") => ImageFormat::Jpg,
            Some("gif") => ImageFormat::Gif,
            Some("png") => ImageFormat::Png,
            Some("bmp") => ImageFormat::Bmp,
            _ => ImageFormat::Other,
        };
        let infos = [ImageInfoType::Original, ImageInfoType::Large, ImageInfoType::Thumbnail]
            .map(|kind| ImageInfo::new(kind, size, width, height, url));
        MsgElement::Image(ImageElem::new(id, format, infos))
    }

    /// A location: a description and its coordinates in degrees.
    pub fn location(desc: impl Into<String>, latitude: f64, longitude: f64) -> Self {
        MsgElement::Location(LocationElem::new(desc, latitude, longitude))
    }

    /// A sticker (face) by its index in the app's set, with optional app data.
    pub fn face(index: i64, data: Option<&str>) -> Self {
        let elem = FaceElem::new(index);
        MsgElement::Face(match data {
            Some(d) => elem.with_data(d),
            None => elem,
        })
    }

    /// A file the app hosts at `url`: its name and size in bytes.
    pub fn file_url(url: impl Into<String>, name: impl Into<String>, size: i64) -> Self {
        MsgElement::File(FileElem::new(size, name).with_url(url))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn shortcuts_encode_as_the_vendor_documents() {
        let body = vec![
            MsgElement::text("hi"),
            MsgElement::custom(r#"{"k":1}"#, Some("a card")),
            MsgElement::image_url("img-1", "https://cdn.example.com/a/b.PNG?x=1", 2048, 640, 480),
            MsgElement::location("office", 22.5, 113.9),
            MsgElement::face(3, None),
            MsgElement::file_url("https://cdn.example.com/f.pdf", "f.pdf", 99),
        ];
        let v = serde_json::to_value(&body).unwrap();
        assert_eq!(v[0], json!({"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}));
        assert_eq!(v[1]["MsgType"], "TIMCustomElem");
        assert_eq!(v[1]["MsgContent"], json!({"Data": "{\"k\":1}", "Desc": "a card"}));
        assert_eq!(v[2]["MsgType"], "TIMImageElem");
        assert_eq!(v[2]["MsgContent"]["ImageFormat"], json!(3), "PNG, from the extension");
        assert_eq!(v[2]["MsgContent"]["ImageInfoArray"].as_array().unwrap().len(), 3);
        assert_eq!(v[2]["MsgContent"]["ImageInfoArray"][0]["URL"], "https://cdn.example.com/a/b.PNG?x=1");
        assert_eq!(v[3]["MsgContent"]["Latitude"], json!(22.5));
        assert_eq!(v[5]["MsgContent"]["FileName"], "f.pdf");
        // And back: the shortcuts build ordinary elements.
        let back: Vec<MsgElement> = serde_json::from_value(v).unwrap();
        assert_eq!(back, body);
    }
}
