package conformance

import (
	"errors"
	"fmt"
	"net/http"
	"reflect"
)

// ErrorAs is a [Vendor.VendorError] for the vendor error type E, a pointer
// to a struct with the fields every vendor's Error has: StatusCode,
// Attempts, Message, Body, RequestID and Header. It panics when E lacks
// one of them, which a vendor's first test run shows.
func ErrorAs[E error](err error) (ErrorInfo, bool) {
	var e E
	if !errors.As(err, &e) {
		return ErrorInfo{}, false
	}
	v := reflect.ValueOf(e).Elem()
	return ErrorInfo{
		StatusCode: field[int](v, "StatusCode"),
		Attempts:   field[int](v, "Attempts"),
		Message:    field[string](v, "Message"),
		Body:       field[[]byte](v, "Body"),
		RequestID:  field[string](v, "RequestID"),
		Header:     field[http.Header](v, "Header"),
	}, true
}

// field is the field name of the struct v, which must be a T.
func field[T any](v reflect.Value, name string) T {
	f := v.FieldByName(name)
	if !f.IsValid() || f.Type() != reflect.TypeFor[T]() {
		panic(fmt.Sprintf("conformance: %s has no field %s of type %v", v.Type(), name, reflect.TypeFor[T]()))
	}
	return f.Interface().(T)
}
