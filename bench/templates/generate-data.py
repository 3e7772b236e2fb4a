#!/usr/bin/env python3
"""Writes bench/templates/data.json: the Vault responses and environment both benchmark harnesses render from.

Deterministic except for the PKI material (openssl makes a fresh root, intermediate and leaf each run); the committed
data.json is what the numbers in docs/performance.md were taken with. Run from anywhere:
    python3 bench/templates/generate-data.py
"""
import hashlib
import json
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def h(seed, n):
    return hashlib.sha256(seed.encode()).hexdigest()[:n]


def kv_data():
    """100 keys as an application config holds them: hosts, ports, flags, credentials, URLs, a few awkward strings."""
    data = {}
    for i in range(40):
        data[f"feature_{h('f' + str(i), 6)}"] = "true" if i % 3 else "false"
    for i in range(20):
        data[f"service_{i:02d}_url"] = f"https://svc-{h('u' + str(i), 8)}.internal.example.com:{8000 + i}/v1"
    for i in range(20):
        data[f"api_key_{i:02d}"] = h("k" + str(i), 40)
    for i in range(10):
        data[f"pool_{i}_size"] = str(4 + i * 2)
    data.update({
        "db_host": "db-primary.internal.example.com",
        "db_port": "5432",
        "db_name": "app",
        "DB_USER": "app_rw",
        "db_password": "p@ss\"word'" + h("pw", 12),
        "greeting": "héllo, wörld",
        "motd": "line one\nline two\ttabbed",
        "log_level": "info",
        "timeout": "30s",
        "region": "eu-west-1",
    })
    assert len(data) == 100, len(data)
    return data


def openssl(*args, cwd):
    subprocess.run(["openssl", *args], cwd=cwd, check=True, capture_output=True)


def pki():
    """A root CA, an intermediate and a leaf (RSA 2048), as `vault write pki/issue/app` returns them."""
    with tempfile.TemporaryDirectory() as d:
        def ext(name, text):
            with open(os.path.join(d, name), "w") as f:
                f.write(text)
        ext("ca.ext", "basicConstraints=critical,CA:true\nkeyUsage=critical,keyCertSign,cRLSign\n")
        ext("leaf.ext", "basicConstraints=critical,CA:false\nsubjectAltName=DNS:app.service.internal\n"
            "extendedKeyUsage=serverAuth,clientAuth\n")
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "root.key", "-out", "root.pem",
                "-subj", "/CN=vaultlet bench root", "-days", "3650", cwd=d)
        for name, cn, signer, extfile in (("int", "vaultlet bench intermediate", "root", "ca.ext"),
                                          ("leaf", "app.service.internal", "int", "leaf.ext")):
            openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".csr",
                    "-subj", "/CN=" + cn, cwd=d)
            openssl("x509", "-req", "-in", name + ".csr", "-CA", signer + ".pem", "-CAkey", signer + ".key",
                    "-CAcreateserial", "-out", name + ".pem", "-days", "365", "-extfile", extfile, cwd=d)

        def read(name):
            with open(os.path.join(d, name)) as f:
                return f.read().strip()
        return {
            "certificate": read("leaf.pem"),
            "issuing_ca": read("int.pem"),
            "ca_chain": [read("int.pem"), read("root.pem")],
            "private_key": read("leaf.key"),
            "private_key_type": "rsa",
            "serial_number": "4d:2a:7f:10:9c:3e:55:01:aa:6b:19:e2:80:44:0d:3f:71:c8:92:15",
            "expiration": 1798761600,
        }


def main():
    out = {
        "env": {"APP_ENV": "production", "LOG_LEVEL": "debug", "DB_HOST": "db-primary.internal.example.com"},
        "secrets": {
            "database/creds/app": {
                "request_id": "6f0d1c2e-7b7a-4f3e-9d59-0c1a6a1f2b11",
                "lease_id": "database/creds/app/Xq9v2KJ7tWm3LrP8sYd4NcBf",
                "lease_duration": 3600, "renewable": True,
                "data": {"username": "v-approle-app-Hf3kQ9xZ2LmN8pR4tV6w-1732700000",
                         "password": "A1b2-C3d4E5f6G7h8I9j0"},
            },
            "secret/data/app/config": {
                "request_id": "0b7e5f8a-3c2d-4e1f-8a9b-1c2d3e4f5a6b", "lease_id": "", "lease_duration": 0,
                "renewable": False,
                "data": {"data": kv_data(),
                         "metadata": {"created_time": "2026-11-20T09:15:02.123456789Z", "custom_metadata": None,
                                      "deletion_time": "", "destroyed": False, "version": 7}},
            },
            "pki/issue/app": {
                "request_id": "9a8b7c6d-5e4f-4a3b-2c1d-0e9f8a7b6c5d", "lease_id": "", "lease_duration": 0,
                "renewable": False, "data": pki(),
            },
        },
    }
    with open(os.path.join(HERE, "data.json"), "w") as f:
        json.dump(out, f, indent=2, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
