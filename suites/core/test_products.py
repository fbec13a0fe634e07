"""Supplier and product rules."""
from __future__ import annotations

from suites.plugin.checks import expect, expect_equal, ok, octo_error


def test_supplier_is_valid(client):
    """GET /supplier returns a valid Supplier (SPEC-DIGEST §2, Supplier)."""
    ok(client.get("/supplier"), "supplier")


def test_products_are_valid(client):
    """GET /products returns at least one valid Product (SPEC-DIGEST §2, Product)."""
    products = ok(client.get("/products"), "product", many=True)
    expect(products, "at least one product", "an empty list")


def test_product_ids_are_unique(api):
    """Product ids are unique, and option ids unique within a product (SPEC-DIGEST §2, Product)."""
    products = api.products()
    ids = [p.get("id") for p in products]
    expect(len(ids) == len(set(ids)), "unique product ids", ids)
    for product in products:
        options = [o.get("id") for o in product.get("options") or [] if isinstance(o, dict)]
        expect(len(options) == len(set(options)), f"unique option ids in {product.get('id')}", options)


def test_product_by_id_equals_list_entry(api):
    """GET /products/{id} returns the same product as the list (SPEC-DIGEST §1)."""
    for listed in api.products():
        expect_equal(api.tested.product(listed["id"]), listed, f"GET /products/{listed['id']}")


def test_products_are_delivered_somehow(api):
    """Every product lists at least one delivery method and one delivery format (SPEC-DIGEST §2, Product; validator)."""
    for product in api.products():
        for field in ("deliveryMethods", "deliveryFormats"):
            expect(product.get(field), f"at least one of {field} on {product['id']}", product.get(field))


def test_unknown_product_is_invalid_product_id(client):
    """An unknown product id gets INVALID_PRODUCT_ID echoing productId (SPEC-DIGEST §3)."""
    unknown = "octo-conformance-no-such-product"
    octo_error(client.get(f"/products/{unknown}"), "INVALID_PRODUCT_ID", {"productId": unknown})

