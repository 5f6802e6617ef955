#!/usr/bin/env python3
"""Validates deploy/: every manifest parses (python3-yaml) and has the fields its kind needs;
pods that run the canary are Guaranteed QoS (requests == limits, whole CPUs) with node
affinity on linkperf.dev/ NFD labels whose names and values are valid Kubernetes labels; the
MPIJob is a Kubeflow MPI Operator v2beta1 job with one launcher; the Containerfile builds
linkperf on a CUDA image. With LINKPERF set, every `linkperf SUB --flag` in the manifests must
be a flag `linkperf SUB --help` knows. Exit 0 ok, 1 on a finding, 77 without python3-yaml."""
import os
import re
import subprocess
import sys

try:
    import yaml
except ImportError:
    print("python3-yaml not installed (scripts/packages/fleet.txt): skipped")
    sys.exit(77)

SEG = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9_.-]{0,61}[A-Za-z0-9])?$")
DNS = re.compile(r"^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$")
findings = []


def need(cond, where, what):
    if not cond:
        findings.append(f"{where}: {what}")
    return cond


def get(obj, path, where):
    cur = obj
    for key in path.split("."):
        if not isinstance(cur, dict) or key not in cur:
            findings.append(f"{where}: missing {path}")
            return None
        cur = cur[key]
    return cur


def valid_label_key(key):
    prefix, slash, name = key.rpartition("/")
    return SEG.match(name) and (not slash or (len(prefix) <= 253 and DNS.match(prefix)))


def quantity_cpu(q):
    q = str(q)
    return int(q[:-1]) / 1000 if q.endswith("m") else float(q)


def check_pod(spec, where, guaranteed, want_affinity):
    containers = get(spec, "containers", where) or []
    need(len(containers) > 0, where, "no containers")
    need(spec.get("restartPolicy") in ("Never", "OnFailure"), where,
         "restartPolicy must be Never or OnFailure for a Job")
    for c in containers:
        cw = f"{where}/containers/{c.get('name', '?')}"
        need("name" in c and "image" in c, cw, "a container needs name and image")
        res = c.get("resources", {})
        req, lim = res.get("requests", {}), res.get("limits", {})
        if guaranteed:
            need(req and req == lim, cw, f"requests {req} != limits {lim}: not Guaranteed QoS")
            need("cpu" in lim and "memory" in lim, cw, "Guaranteed QoS needs cpu and memory limits")
            if "cpu" in lim:
                cpu = quantity_cpu(lim["cpu"])
                need(cpu == int(cpu), cw, "whole CPUs are needed for exclusive cores "
                     "(static CPU manager, single-numa-node)")
    terms = (spec.get("affinity", {}).get("nodeAffinity", {})
             .get("requiredDuringSchedulingIgnoredDuringExecution", {})
             .get("nodeSelectorTerms", []))
    if want_affinity:
        keys = [e.get("key", "") for t in terms for e in t.get("matchExpressions", [])]
        need(any(k.startswith("linkperf.dev/") for k in keys), where,
             "no node affinity on a linkperf.dev/ label")
    for t in terms:
        for e in t.get("matchExpressions", []):
            ew = f"{where}/affinity/{e.get('key')}"
            need(valid_label_key(e.get("key", "")), ew, "invalid label key")
            need(e.get("operator") in ("In", "NotIn", "Exists", "DoesNotExist", "Gt", "Lt"),
                 ew, f"bad operator {e.get('operator')}")
            for v in e.get("values", []):
                need(isinstance(v, str) and (v == "" or SEG.match(v)), ew,
                     f"value {v!r} is not a valid label value (quote numbers)")
            if e.get("operator") in ("Gt", "Lt"):
                need(len(e.get("values", [])) == 1 and str(e["values"][0]).isdigit(), ew,
                     "Gt/Lt take one integer value")


def check_job_spec(spec, where):
    template = get(spec, "template.spec", where)
    if template is not None:
        check_pod(template, where + "/template", guaranteed=True, want_affinity=True)


def check(doc, where):
    for field in ("apiVersion", "kind", "metadata.name"):
        get(doc, field, where)
    kind = doc.get("kind")
    where = f"{where} ({kind} {doc.get('metadata', {}).get('name')})"
    if kind == "Job":
        need(doc.get("apiVersion") == "batch/v1", where, "Job is batch/v1")
        check_job_spec(get(doc, "spec", where) or {}, where)
    elif kind == "CronJob":
        need(doc.get("apiVersion") == "batch/v1", where, "CronJob is batch/v1")
        sched = get(doc, "spec.schedule", where) or ""
        need(len(sched.split()) == 5, where, f"schedule {sched!r} is not 5 cron fields")
        check_job_spec(get(doc, "spec.jobTemplate.spec", where) or {}, where)
    elif kind == "MPIJob":
        need(doc.get("apiVersion") == "kubeflow.org/v2beta1", where, "MPIJob is kubeflow.org/v2beta1")
        spec = get(doc, "spec", where) or {}
        need(isinstance(spec.get("slotsPerWorker"), int), where, "slotsPerWorker must be an int")
        replicas = get(spec, "mpiReplicaSpecs", where) or {}
        need(set(replicas) == {"Launcher", "Worker"}, where, "mpiReplicaSpecs: Launcher and Worker")
        launcher = replicas.get("Launcher", {})
        need(launcher.get("replicas") == 1, where, "exactly one launcher")
        lspec = get(launcher, "template.spec", where + "/Launcher") or {}
        check_pod(lspec, where + "/Launcher", guaranteed=True, want_affinity=False)
        text = yaml.safe_dump(lspec)
        need("mpirun" in text and "linkperf-coll" in text, where, "the launcher runs mpirun linkperf-coll")
        worker = replicas.get("Worker", {})
        need(isinstance(worker.get("replicas"), int) and worker["replicas"] >= 2, where,
             "at least two workers for a multi-node run")
        wspec = get(worker, "template.spec", where + "/Worker") or {}
        wspec = dict(wspec, restartPolicy=wspec.get("restartPolicy", "Never"))
        check_pod(wspec, where + "/Worker", guaranteed=True, want_affinity=True)
        gpus = [c.get("resources", {}).get("limits", {}).get("nvidia.com/gpu")
                for c in wspec.get("containers", [])]
        need(str(spec.get("slotsPerWorker")) in [str(g) for g in gpus], where,
             "slotsPerWorker should equal the GPUs per worker (one rank per GPU)")
    elif kind == "ConfigMap":
        data = get(doc, "data", where) or {}
        if "gate.json" in data:
            import json
            try:
                gate = json.loads(data["gate.json"])
                need(isinstance(gate, dict) and "threshold" in gate, where, "gate.json has no threshold")
            except ValueError as e:
                findings.append(f"{where}: gate.json is not JSON: {e}")
    else:
        findings.append(f"{where}: unexpected kind {kind}")


def check_flags(path, text):
    lp = os.environ.get("LINKPERF")
    if not lp:
        return
    joined = text.replace("\\\n", " ")
    for m in re.finditer(r"\blinkperf (topo|run|nfd|compare|report|list|fleet)\b([^;&|\n]*)", joined):
        sub, rest = m.group(1), m.group(2)
        helptext = subprocess.run([lp, sub, "--help"], capture_output=True, text=True).stdout
        for flag in re.findall(r"(?<![\w-])(--[a-z][a-z0-9-]*)", rest):
            need(re.search(r"(?<![\w-])" + re.escape(flag) + r"\b", helptext) is not None,
                 path, f"`linkperf {sub}` has no option {flag}")


def main(deploy):
    manifests = sorted(f for f in os.listdir(deploy) if f.endswith((".yaml", ".yml")))
    need(len(manifests) >= 3, deploy, "expected the Job, CronJob and MPIJob manifests")
    kinds = []
    for name in manifests:
        path = os.path.join(deploy, name)
        text = open(path).read()
        try:
            docs = [d for d in yaml.safe_load_all(text) if d is not None]
        except yaml.YAMLError as e:
            findings.append(f"{name}: does not parse: {e}")
            continue
        for i, doc in enumerate(docs):
            check(doc, f"{name}[{i}]")
            kinds.append(doc.get("kind"))
        check_flags(name, text)
    for k in ("Job", "CronJob", "MPIJob"):
        need(k in kinds, deploy, f"no {k} manifest")
    cf = os.path.join(deploy, "Containerfile")
    if need(os.path.exists(cf), deploy, "no Containerfile"):
        text = open(cf).read()
        froms = re.findall(r"^FROM\s+(\S+)", text, re.M)
        need(len(froms) >= 1 and all("nvidia/cuda:" in f for f in froms), cf, "FROM a CUDA image")
        need(re.search(r"cmake --build .*--target linkperf", text) is not None, cf, "builds linkperf")
    for f in findings:
        print("FAIL", f)
    print(f"{len(manifests)} manifest(s), kinds {sorted(set(kinds))}: "
          f"{'ok' if not findings else str(len(findings)) + ' finding(s)'}")
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "deploy"))
