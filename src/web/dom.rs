//! Small DOM helpers. Text always goes in as text (`textContent`, or a text node's value), never
//! as HTML.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlElement, Node};

/// Creates `<tag class="class">` with the given text (which may be empty).
#[inline(never)]
pub fn element(doc: &Document, tag: &str, class: &str, text: &str) -> Element {
    let el = doc.create_element(tag).unwrap_or_else(|_| {
        doc.create_element("div")
            .expect("div can always be created")
    });
    if !class.is_empty() {
        el.set_class_name(class);
    }
    if !text.is_empty() {
        el.set_text_content(Some(text));
    }
    el
}

/// Creates an element and casts it to a concrete element type.
pub fn typed<T: JsCast>(doc: &Document, tag: &str, class: &str) -> T {
    element(doc, tag, class, "").unchecked_into()
}

/// Sets an attribute, ignoring the (impossible for our fixed names) error.
#[inline(never)]
pub fn attr(el: &Element, name: &str, value: &str) {
    let _ = el.set_attribute(name, value);
}

/// Sets one CSS property through the CSSOM (`style.setProperty`), which a strict
/// Content-Security-Policy allows where a `style` attribute is blocked.
pub fn set_style(el: &HtmlElement, property: &str, value: &str) {
    let _ = el.style().set_property(property, value);
}

/// Shows or hides an element.
pub fn show(el: &HtmlElement, visible: bool) {
    el.set_hidden(!visible);
}

/// Appends `child` to `parent`.
#[inline(never)]
pub fn append(parent: &Element, child: &Element) {
    let _ = parent.append_child(child);
}

/// Shows `text` in `el`, writing only when it differs; returns whether it did. An element that
/// holds one text node has that node's text changed in place: for the browser a text change,
/// where `textContent` would remove the node, insert a new one and restyle it.
pub fn set_text(el: &Element, text: &str) -> bool {
    match el.first_child() {
        Some(node) if node.node_type() == Node::TEXT_NODE && node.next_sibling().is_none() => {
            if node.node_value().as_deref() == Some(text) {
                return false;
            }
            node.set_node_value(Some(text));
        }
        _ => {
            if el.text_content().as_deref() == Some(text) {
                return false;
            }
            el.set_text_content(Some(text));
        }
    }
    true
}
