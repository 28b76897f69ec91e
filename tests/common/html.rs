//! A parsed HTML page, flattened for tests: elements in document order with their
//! attributes, parents and text, and the parse errors of a real HTML5 parser.

use html5ever::parse_document;
use html5ever::tendril::TendrilSink;
use markup5ever_rcdom::{Handle, NodeData, RcDom};

pub struct Element {
    pub name: String,
    pub attrs: Vec<(String, String)>,
    pub parent: Option<usize>,
    /// All text inside the element.
    pub text: String,
}

impl Element {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split_whitespace().any(|x| x == class))
    }
}

pub struct Doc {
    pub elements: Vec<Element>,
    pub errors: Vec<String>,
}

impl Doc {
    pub fn parse(html: &str) -> Doc {
        let dom = parse_document(RcDom::default(), Default::default()).one(html);
        let errors = dom.errors.borrow().iter().map(|e| e.to_string()).collect();
        let mut doc = Doc {
            elements: Vec::new(),
            errors,
        };
        walk(&dom.document, None, &mut doc.elements);
        doc
    }

    pub fn by_name<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.elements.iter().filter(move |e| e.name == name)
    }

    /// Whether element `i` lies inside element `ancestor`.
    pub fn is_inside(&self, mut i: usize, ancestor: usize) -> bool {
        while let Some(p) = self.elements[i].parent {
            if p == ancestor {
                return true;
            }
            i = p;
        }
        false
    }

    /// Indices of the elements named `name` inside element `ancestor`.
    pub fn inside(&self, ancestor: usize, name: &str) -> Vec<usize> {
        (0..self.elements.len())
            .filter(|&i| self.elements[i].name == name && self.is_inside(i, ancestor))
            .collect()
    }

    pub fn ids(&self) -> Vec<&str> {
        self.elements.iter().filter_map(|e| e.attr("id")).collect()
    }
}

fn walk(node: &Handle, parent: Option<usize>, out: &mut Vec<Element>) -> String {
    let mut text = String::new();
    let mut me = parent;
    match &node.data {
        NodeData::Text { contents } => return contents.borrow().to_string(),
        NodeData::Element { name, attrs, .. } => {
            out.push(Element {
                name: name.local.to_string(),
                attrs: attrs
                    .borrow()
                    .iter()
                    .map(|a| (a.name.local.to_string(), a.value.to_string()))
                    .collect(),
                parent,
                text: String::new(),
            });
            me = Some(out.len() - 1);
        }
        _ => {}
    }
    for child in node.children.borrow().iter() {
        text.push_str(&walk(child, me, out));
    }
    if let (NodeData::Element { .. }, Some(i)) = (&node.data, me) {
        out[i].text = text.clone();
    }
    text
}
