package workspacechattest

import "net/url"

// Shape is how the fake renders a chat on GET /api/v1/chats and GET
// /api/v1/chats/{id}. Seed 003 documents each of them twice: once
// answering with chat rows (the denormalized view with channel, owner,
// responder, ticket and message previews) and once with chat entities (the
// chat with its owner and responder as super-identity IDs). Create and
// update always answer with an entity.
type Shape int

const (
	// ShapeBySeed pairs shapes with requests as seed 003 does: a list
	// request that carries channelTypes or ownerIds (parameters of the
	// variant documented with entities) gets entities; any other list
	// request, and GET by id, get rows. The default.
	ShapeBySeed Shape = iota
	// ShapeRows answers every chat read with rows and accepts every
	// filter: a server that speaks only the row variant.
	ShapeRows
	// ShapeEntities answers every chat read with entities: a server that
	// speaks only the entity variant.
	ShapeEntities
)

// WithShape sets how chats are rendered (default [ShapeBySeed]).
func WithShape(sh Shape) Option { return func(s *Server) { s.shape = sh } }

// entities reports whether a chat read with query q is answered with
// entities.
func (s *Server) entities(q url.Values, list bool) bool {
	switch s.shape {
	case ShapeRows:
		return false
	case ShapeEntities:
		return true
	}
	return list && (q.Has("channelTypes") || q.Has("ownerIds"))
}

// render renders c in the shape a read with query q gets.
func (s *Server) render(c *chat, q url.Values, list bool) map[string]any {
	if s.entities(q, list) {
		return c.entity(s.workspaceID)
	}
	return c.row(s.workspaceID)
}
