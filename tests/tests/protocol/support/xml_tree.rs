//! XML documents as comparable trees, for restXml request bodies: the element's qualified name,
//! its attributes (namespace declarations included) sorted, its text trimmed, its children in
//! order. Whitespace-only text between elements is ignored, so the vectors' indentation does
//! not matter.

use quick_xml::events::Event;
use quick_xml::Reader;

/// One element.
#[derive(Debug, PartialEq, Eq, Default)]
pub struct Element {
    name: String,
    attributes: Vec<(String, String)>,
    text: String,
    children: Vec<Element>,
}

/// Parses a whole document into its root element.
pub fn parse(doc: &str) -> Result<Element, String> {
    let mut reader = Reader::from_str(doc);
    reader.config_mut().check_end_names = true;
    let mut stack: Vec<Element> = vec![Element::default()];
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(ref s) | Event::Empty(ref s) => {
                let mut e =
                    Element { name: String::from_utf8_lossy(s.name().as_ref()).into_owned(), ..Default::default() };
                for a in s.attributes() {
                    let a = a.map_err(|e| e.to_string())?;
                    let v = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
                    e.attributes.push((String::from_utf8_lossy(a.key.as_ref()).into_owned(), v));
                }
                e.attributes.sort();
                if matches!(event, Event::Empty(_)) {
                    if let Some(parent) = stack.last_mut() {
                        parent.children.push(e);
                    }
                } else {
                    stack.push(e);
                }
            }
            Event::Text(t) => {
                let text = t.unescape().map_err(|e| e.to_string())?;
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&text);
                }
            }
            Event::CData(c) => {
                if let Some(e) = stack.last_mut() {
                    e.text.push_str(&String::from_utf8_lossy(&c));
                }
            }
            Event::End(_) => {
                let mut e = stack.pop().ok_or("unbalanced end tag")?;
                e.text = e.text.trim().to_string();
                stack.last_mut().ok_or("unbalanced end tag")?.children.push(e);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut top = stack.pop().filter(|_| stack.is_empty()).ok_or("truncated document")?;
    match top.children.len() {
        1 => Ok(top.children.remove(0)),
        n => Err(format!("{n} root elements")),
    }
}

impl Element {
    /// Puts the entries of every map written with `keys` (entries: sibling elements each with a
    /// `<{key_name}>` child, one per key) in key order, wherever they are: the vectors write a
    /// map's entries in their JSON order, the client in key order.
    pub fn sort_map_entries(&mut self, key_name: &str, keys: &[&str]) {
        let key_of = |e: &Element| -> Option<String> {
            e.children
                .iter()
                .find(|c| c.name == key_name)
                .map(|c| c.text.clone())
                .filter(|k| keys.contains(&k.as_str()))
        };
        let slots: Vec<usize> = (0..self.children.len()).filter(|&i| key_of(&self.children[i]).is_some()).collect();
        if slots.len() == keys.len() {
            let mut entries: Vec<Element> = slots.iter().map(|&i| std::mem::take(&mut self.children[i])).collect();
            entries.sort_by_key(|e| key_of(e));
            for (i, e) in slots.into_iter().zip(entries) {
                self.children[i] = e;
            }
        }
        for c in &mut self.children {
            c.sort_map_entries(key_name, keys);
        }
    }
}
