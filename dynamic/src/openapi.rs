//! The OpenAPI 3.1 description of a gateway: one operation per method
//! (`POST /Service/method`, plus the route of an `api.get` / `api.post`
//! annotation), every struct, union, exception and enum as a JSON Schema
//! component, doc comments as descriptions.

use serde_json::{Map, Value as Json, json};
use trift_idl::model::{Requiredness, StructKind};

use crate::gateway::Route;
use crate::schema::{MethodDesc, Schema, Ty};

fn component(schema: &Schema, ty: &Ty) -> Option<String> {
    match ty {
        Ty::Struct(i) => schema.structs.get(*i).map(|s| s.qualified.clone()),
        Ty::Enum(i) => schema.enums.get(*i).map(|e| e.qualified.clone()),
        _ => None,
    }
}

/// The JSON Schema of a value of type `ty` in the JSON mapping.
pub fn type_schema(schema: &Schema, ty: &Ty) -> Json {
    match ty {
        Ty::Bool => json!({"type": "boolean"}),
        Ty::I8 => json!({"type": "integer", "minimum": i8::MIN, "maximum": i8::MAX}),
        Ty::I16 => json!({"type": "integer", "minimum": i16::MIN, "maximum": i16::MAX}),
        Ty::I32 => json!({"type": "integer", "format": "int32"}),
        Ty::I64 => json!({"type": "integer", "format": "int64"}),
        Ty::Double => json!({"oneOf": [
            {"type": "number", "format": "double"},
            {"type": "string", "enum": ["NaN", "Infinity", "-Infinity"]}
        ]}),
        Ty::String => json!({"type": "string"}),
        Ty::Binary => json!({"type": "string", "contentEncoding": "base64"}),
        Ty::Uuid => json!({"type": "string", "format": "uuid"}),
        Ty::List(elem) => json!({"type": "array", "items": type_schema(schema, elem)}),
        Ty::Set(elem) => {
            json!({"type": "array", "uniqueItems": true, "items": type_schema(schema, elem)})
        }
        Ty::Map(key, value) if **key == Ty::String => {
            json!({"type": "object", "additionalProperties": type_schema(schema, value)})
        }
        Ty::Map(key, value) => json!({
            "type": "array",
            "items": {
                "type": "array",
                "prefixItems": [type_schema(schema, key), type_schema(schema, value)],
                "minItems": 2,
                "maxItems": 2
            }
        }),
        Ty::Enum(_) | Ty::Struct(_) => match component(schema, ty) {
            Some(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
            None => json!({}),
        },
    }
}

fn with_doc(mut value: Json, doc: &Option<String>) -> Json {
    if let (Some(doc), Json::Object(object)) = (doc, &mut value) {
        object.insert("description".into(), Json::from(doc.trim()));
    }
    value
}

/// The object schema of struct `index`'s fields (for a request body too).
fn object_schema(schema: &Schema, index: usize, skip: &[String]) -> Json {
    let Some(desc) = schema.structs.get(index) else {
        return json!({});
    };
    let mut properties = Map::new();
    let mut required = Vec::new();
    for field in desc.fields.iter().filter(|f| !skip.contains(&f.name)) {
        let property = type_schema(schema, &field.ty);
        // A `$ref` may not carry siblings in every tool: wrap it.
        let property = match (&field.doc, property.get("$ref")) {
            (Some(_), Some(_)) => json!({"allOf": [property]}),
            _ => property,
        };
        properties.insert(field.name.clone(), with_doc(property, &field.doc));
        if field.requiredness == Requiredness::Required {
            required.push(Json::from(field.name.as_str()));
        }
    }
    let mut object =
        json!({"type": "object", "properties": properties, "additionalProperties": false});
    if !required.is_empty() {
        object["required"] = Json::Array(required);
    }
    if desc.kind == StructKind::Union {
        object["maxProperties"] = json!(1);
    }
    with_doc(object, &desc.doc)
}

fn responses(schema: &Schema, method: &MethodDesc) -> Json {
    let error = json!({"description": "the gateway's or the upstream's error", "content": {
        "application/json": {"schema": {"type": "object", "properties": {"error": {"type": "string"}}}}
    }});
    let mut responses = Map::new();
    if method.oneway {
        responses.insert("202".into(), json!({"description": "sent (oneway)"}));
    } else {
        let result = match &method.returns {
            Some(ty) => type_schema(schema, ty),
            None => json!({"type": "null"}),
        };
        responses.insert(
            "200".into(),
            json!({"description": "the result", "content": {"application/json": {"schema": result}}}),
        );
    }
    let exceptions: Vec<Json> = schema
        .structs
        .get(method.result)
        .map(|desc| {
            desc.fields
                .iter()
                .filter(|f| f.id != 0)
                .map(|f| {
                    let name = match &f.ty {
                        Ty::Struct(i) => schema.structs[*i].name.clone(),
                        _ => f.name.clone(),
                    };
                    let mut properties = Map::new();
                    properties.insert(name.clone(), type_schema(schema, &f.ty));
                    json!({"type": "object", "properties": properties, "required": [name],
                        "additionalProperties": false})
                })
                .collect()
        })
        .unwrap_or_default();
    if !exceptions.is_empty() {
        responses.insert(
            "422".into(),
            json!({"description": "a declared exception, named", "content": {
                "application/json": {"schema": {"oneOf": exceptions}}
            }}),
        );
    }
    responses.insert("400".into(), error.clone());
    responses.insert("502".into(), error.clone());
    responses.insert("504".into(), error);
    Json::Object(responses)
}

/// The OpenAPI document for `routes`.
pub fn document(schema: &Schema, title: &str, routes: &[Route]) -> Json {
    let mut paths = Map::new();
    for route in routes {
        let Some(service) = schema.find_service(&route.service) else {
            continue;
        };
        let Some(method) = schema.find_method(service, &route.method) else {
            continue;
        };
        let mut parameters = Vec::new();
        let mut in_url = Vec::new();
        let args = schema.structs.get(method.args);
        for param in route.params() {
            let ty = args
                .and_then(|a| a.field_index(param).map(|i| a.fields[i].ty.clone()))
                .unwrap_or(Ty::String);
            parameters.push(json!({"name": param, "in": "path", "required": true,
                "schema": type_schema(schema, &ty)}));
            in_url.push(param.to_owned());
        }
        let mut operation = json!({
            "operationId": route.operation_id(),
            "tags": [route.service.clone()],
            "responses": responses(schema, method),
        });
        if let Some(doc) = &method.doc {
            operation["description"] = Json::from(doc.trim());
        }
        if route.http_method == "get" {
            if let Some(args) = args {
                for field in args.fields.iter().filter(|f| !in_url.contains(&f.name)) {
                    parameters.push(json!({"name": field.name, "in": "query", "required": false,
                        "schema": type_schema(schema, &field.ty)}));
                }
            }
        } else {
            operation["requestBody"] = json!({"required": false, "content": {
                "application/json": {"schema": object_schema(schema, method.args, &in_url)}
            }});
        }
        if !parameters.is_empty() {
            operation["parameters"] = Json::Array(parameters);
        }
        let path = paths
            .entry(route.openapi_path())
            .or_insert_with(|| Json::Object(Map::new()));
        path[route.http_method.as_str()] = operation;
    }
    let mut components = Map::new();
    for (index, desc) in schema
        .structs
        .iter()
        .enumerate()
        .take(schema.declared_structs())
    {
        components.insert(desc.qualified.clone(), object_schema(schema, index, &[]));
    }
    for e in &schema.enums {
        let names: Vec<Json> = e
            .values
            .iter()
            .map(|(n, _)| Json::from(n.as_str()))
            .collect();
        let enumeration = json!({"oneOf": [
            {"type": "string", "enum": names},
            {"type": "integer", "format": "int32"}
        ]});
        components.insert(e.qualified.clone(), with_doc(enumeration, &e.doc));
    }
    json!({
        "openapi": "3.1.0",
        "info": {"title": title, "version": "1"},
        "paths": paths,
        "components": {"schemas": components},
    })
}
