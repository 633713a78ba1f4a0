//! A small builder for ONNX graphs over the generated protobuf types: unique
//! value names, nodes with typed attributes, constant tensors as
//! initializers, graph inputs and outputs. It knows ONNX's data layout, not
//! rareclass's models.

use super::proto::{
    attribute_proto::AttributeType, tensor_proto::DataType, tensor_shape_proto, type_proto, AttributeProto, GraphProto,
    NodeProto, TensorProto, TensorShapeProto, TypeProto, ValueInfoProto,
};
use std::collections::HashSet;

/// The domain of the classical-ML operators (`TreeEnsembleRegressor`,
/// `LabelEncoder`).
pub const ML_DOMAIN: &str = "ai.onnx.ml";

/// An element type the exported graphs use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Elem {
    Float,
    Double,
    Int64,
    Bool,
    String,
}

impl Elem {
    /// The `TensorProto.DataType` code.
    pub fn code(self) -> i32 {
        (match self {
            Elem::Float => DataType::Float,
            Elem::Double => DataType::Double,
            Elem::Int64 => DataType::Int64,
            Elem::Bool => DataType::Bool,
            Elem::String => DataType::String,
        }) as i32
    }
}

/// One attribute value.
pub enum Attr {
    Int(i64),
    Ints(Vec<i64>),
    Float(f32),
    Floats(Vec<f32>),
    Str(String),
    Strs(Vec<String>),
    Tensor(Box<TensorProto>),
}

/// A graph being built. Names handed out are unique across inputs,
/// outputs, initializers and node outputs.
#[derive(Default)]
pub struct Graph {
    used: HashSet<String>,
    nodes: Vec<NodeProto>,
    initializers: Vec<TensorProto>,
    inputs: Vec<ValueInfoProto>,
    outputs: Vec<ValueInfoProto>,
}

/// A `[N, cols]` tensor type with a symbolic batch dimension `N`.
fn batch_type(elem: Elem, cols: i64) -> TypeProto {
    let dim = |value| tensor_shape_proto::Dimension {
        value: Some(value),
        denotation: None,
    };
    TypeProto {
        value: Some(type_proto::Value::TensorType(type_proto::Tensor {
            elem_type: Some(elem.code()),
            shape: Some(TensorShapeProto {
                dim: vec![
                    dim(tensor_shape_proto::dimension::Value::DimParam("N".into())),
                    dim(tensor_shape_proto::dimension::Value::DimValue(cols)),
                ],
            }),
        })),
        denotation: None,
    }
}

fn value_info(name: &str, elem: Elem, cols: i64, doc: &str) -> ValueInfoProto {
    ValueInfoProto {
        name: Some(name.to_string()),
        r#type: Some(batch_type(elem, cols)),
        doc_string: (!doc.is_empty()).then(|| doc.to_string()),
        ..Default::default()
    }
}

/// A tensor proto with `dims` and no data yet.
fn tensor(name: &str, elem: Elem, dims: &[i64]) -> TensorProto {
    TensorProto {
        name: Some(name.to_string()),
        data_type: Some(elem.code()),
        dims: dims.to_vec(),
        ..Default::default()
    }
}

/// A one-element float tensor (for attributes such as `ConstantOfShape`'s `value`).
pub fn float_tensor_1(value: f32) -> TensorProto {
    TensorProto {
        float_data: vec![value],
        ..tensor("value", Elem::Float, &[1])
    }
}

impl Graph {
    /// Reserves `name` exactly (a graph input or output); false if taken.
    pub fn reserve(&mut self, name: &str) -> bool {
        self.used.insert(name.to_string())
    }

    /// A fresh name starting with `hint`.
    pub fn fresh(&mut self, hint: &str) -> String {
        let mut k = self.used.len();
        loop {
            let name = format!("{hint}_{k}");
            if self.used.insert(name.clone()) {
                return name;
            }
            k += 1;
        }
    }

    /// Adds a graph input `[N, cols]` of `elem`; false if the name is taken.
    pub fn input(&mut self, name: &str, elem: Elem, cols: i64, doc: &str) -> bool {
        if !self.reserve(name) {
            return false;
        }
        self.inputs.push(value_info(name, elem, cols, doc));
        true
    }

    /// Declares the graph output `name` (`[N, cols]` of `elem`), computed by
    /// `Identity` of `from`.
    /// The name must have been reserved.
    pub fn output(&mut self, from: &str, name: &str, elem: Elem, cols: i64, doc: &str) {
        self.node_named("Identity", "", &[from], vec![], name);
        self.outputs.push(value_info(name, elem, cols, doc));
    }

    /// A node of `op` (in `domain`, `""` = ai.onnx) with one output; returns
    /// the output's name.
    pub fn node(&mut self, op: &str, domain: &str, inputs: &[&str], attrs: Vec<(&str, Attr)>) -> String {
        let out = self.fresh(&op.to_lowercase());
        self.node_named(op, domain, inputs, attrs, &out);
        out
    }

    fn node_named(&mut self, op: &str, domain: &str, inputs: &[&str], attrs: Vec<(&str, Attr)>, out: &str) {
        let name = self.fresh(&format!("node_{op}"));
        self.nodes.push(NodeProto {
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: vec![out.to_string()],
            name: Some(name),
            op_type: Some(op.to_string()),
            domain: (!domain.is_empty()).then(|| domain.to_string()),
            attribute: attrs.into_iter().map(|(n, a)| attribute(n, a)).collect(),
            ..Default::default()
        });
    }

    /// A constant double tensor of shape `dims` (empty = scalar).
    pub fn const_f64(&mut self, hint: &str, values: &[f64], dims: &[i64]) -> String {
        let name = self.fresh(hint);
        self.initializers.push(TensorProto {
            double_data: values.to_vec(),
            ..tensor(&name, Elem::Double, dims)
        });
        name
    }

    /// A constant float tensor of shape `dims` (empty = scalar).
    pub fn const_f32(&mut self, hint: &str, values: &[f32], dims: &[i64]) -> String {
        let name = self.fresh(hint);
        self.initializers.push(TensorProto {
            float_data: values.to_vec(),
            ..tensor(&name, Elem::Float, dims)
        });
        name
    }

    /// A constant int64 tensor of shape `dims` (empty = scalar).
    pub fn const_i64(&mut self, hint: &str, values: &[i64], dims: &[i64]) -> String {
        let name = self.fresh(hint);
        self.initializers.push(TensorProto {
            int64_data: values.to_vec(),
            ..tensor(&name, Elem::Int64, dims)
        });
        name
    }

    /// `Cast(x, to)`.
    pub fn cast(&mut self, x: &str, to: Elem) -> String {
        self.node("Cast", "", &[x], vec![("to", Attr::Int(to.code() as i64))])
    }

    /// The finished graph.
    pub fn finish(self, name: &str, doc: &str) -> GraphProto {
        GraphProto {
            node: self.nodes,
            name: Some(name.to_string()),
            initializer: self.initializers,
            doc_string: Some(doc.to_string()),
            input: self.inputs,
            output: self.outputs,
            ..Default::default()
        }
    }
}

fn attribute(name: &str, a: Attr) -> AttributeProto {
    let mut p = AttributeProto {
        name: Some(name.to_string()),
        ..Default::default()
    };
    let kind = match a {
        Attr::Int(v) => {
            p.i = Some(v);
            AttributeType::Int
        }
        Attr::Ints(v) => {
            p.ints = v;
            AttributeType::Ints
        }
        Attr::Float(v) => {
            p.f = Some(v);
            AttributeType::Float
        }
        Attr::Floats(v) => {
            p.floats = v;
            AttributeType::Floats
        }
        Attr::Str(v) => {
            p.s = Some(v.into_bytes());
            AttributeType::String
        }
        Attr::Strs(v) => {
            p.strings = v.into_iter().map(String::into_bytes).collect();
            AttributeType::Strings
        }
        Attr::Tensor(t) => {
            p.t = Some(*t);
            AttributeType::Tensor
        }
    };
    p.r#type = Some(kind as i32);
    p
}
