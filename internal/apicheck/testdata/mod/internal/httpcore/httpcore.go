package httpcore

type Safety int

const Unsafe, Idempotent Safety = 0, 1

type Request struct {
	Method string
	Safety Safety
}
