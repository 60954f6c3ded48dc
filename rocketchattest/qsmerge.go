package rocketchattest

import "strconv"

// qsMerge is qs's utils.merge for the values parse produces: it folds one
// key's nested value into the result so far.
func qsMerge(target, source any) (any, error) {
	switch src := source.(type) {
	case nil:
		return target, nil
	case string:
		if src == "" { // qs skips a falsy source
			return target, nil
		}
		return qsMergePrimitive(target, src)
	}
	switch tgt := target.(type) {
	case string:
		combined := append([]any{tgt}, asSlice(source)...)
		if len(combined) > qsArrayLimit {
			return nil, errQSArrayLimit
		}
		return combined, nil
	case []any:
		if srcArr, ok := source.([]any); ok {
			return qsMergeArrays(tgt, srcArr)
		}
		return qsMergeObject(arrayToObject(tgt), source.(*jsObject))
	case *jsObject:
		if srcArr, ok := source.([]any); ok {
			return qsMergeObject(tgt, arrayToObject(srcArr))
		}
		return qsMergeObject(tgt, source.(*jsObject))
	}
	return source, nil
}

func qsMergePrimitive(target any, src string) (any, error) {
	switch tgt := target.(type) {
	case []any:
		if countElements(tgt) >= qsArrayLimit {
			return nil, errQSArrayLimit
		}
		return append(tgt, src), nil
	default: // an object or a string: qs pairs them (strictMerge)
		return []any{tgt, src}, nil
	}
}

func qsMergeArrays(tgt, src []any) (any, error) {
	for i, item := range src {
		if _, hole := item.(qsHole); hole {
			continue
		}
		if i >= len(tgt) {
			for len(tgt) < i {
				tgt = append(tgt, qsHole{})
			}
			tgt = append(tgt, item)
			continue
		}
		if _, hole := tgt[i].(qsHole); hole {
			tgt[i] = item
			continue
		}
		if isContainer(tgt[i]) && isContainer(item) {
			m, err := qsMerge(tgt[i], item)
			if err != nil {
				return nil, err
			}
			tgt[i] = m
			continue
		}
		tgt = append(tgt, item)
	}
	if countElements(tgt) > qsArrayLimit {
		return nil, errQSArrayLimit
	}
	return tgt, nil
}

func qsMergeObject(acc, src *jsObject) (any, error) {
	for _, k := range src.ordered() {
		v := src.vals[k]
		if prev, ok := acc.get(k); ok {
			m, err := qsMerge(prev, v)
			if err != nil {
				return nil, err
			}
			v = m
		}
		acc.set(k, v)
	}
	return acc, nil
}

func isContainer(v any) bool {
	switch v.(type) {
	case []any, *jsObject:
		return true
	}
	return false
}

func countElements(a []any) int {
	n := 0
	for _, v := range a {
		if _, hole := v.(qsHole); !hole {
			n++
		}
	}
	return n
}

func arrayToObject(a []any) *jsObject {
	obj := newJSObject()
	for i, v := range a {
		if _, hole := v.(qsHole); !hole {
			obj.set(strconv.Itoa(i), v)
		}
	}
	return obj
}

// qsCompact removes the holes of every array, as qs does before returning.
func qsCompact(v any) any {
	switch x := v.(type) {
	case []any:
		out := x[:0]
		for _, e := range x {
			if _, hole := e.(qsHole); !hole {
				out = append(out, qsCompact(e))
			}
		}
		return out
	case *jsObject:
		for _, k := range x.keys {
			x.vals[k] = qsCompact(x.vals[k])
		}
	}
	return v
}
