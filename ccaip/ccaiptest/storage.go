package ccaiptest

import (
	"cmp"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strconv"
	"time"
)

// Media limits the storage endpoint enforces: the guide's "2 MB" and
// "20 MB", read as 10^6-byte megabytes (the stricter reading, as the client
// takes it).
const (
	MaxPhotoBytes = 2_000_000
	MaxVideoBytes = 20_000_000
)

type mediaKind struct {
	name, dir, contentType, ext string
	maxBytes                    int64
}

var (
	kindPhoto = mediaKind{name: "photo", dir: "photos", contentType: "image/jpeg", ext: ".jpg", maxBytes: MaxPhotoBytes}
	kindVideo = mediaKind{name: "video", dir: "videos", contentType: "video/mp4", ext: ".mp4", maxBytes: MaxVideoBytes}
)

// pendingUpload is an issued pre-signed form, waiting for its file.
type pendingUpload struct {
	kind    mediaKind
	chatID  int64
	fields  map[string]string
	expires time.Time
}

type object struct {
	kind        string
	chatID      int64
	contentType string
	data        []byte
}

type mediaRecord struct {
	id     int64
	chatID int64
	key    string
	obj    object
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

func (s *Server) uploadURL(k mediaKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := s.chat(w, r)
		if c == nil {
			return
		}
		defer s.mu.Unlock()
		key := fmt.Sprintf("chats/%d/%s/%s%s", c.ID, k.dir, randomHex(8), k.ext)
		policy := randomHex(16)
		mac := hmac.New(sha256.New, []byte(s.cfg.token))
		mac.Write([]byte(policy))
		now := s.cfg.now().UTC()
		fields := map[string]string{
			"key": key, "success_action_status": "201", "Content-Type": k.contentType,
			"Cache-Control": "max-age=31536000", "acl": "private", "policy": policy,
			"x-amz-algorithm": "AWS4-HMAC-SHA256", "x-amz-credential": "FAKE/" + now.Format("20060102") + "/s3/aws4_request",
			"x-amz-date": now.Format("20060102T150405Z"), "x-amz-signature": hex.EncodeToString(mac.Sum(nil)),
		}
		s.pending[key] = pendingUpload{kind: k, chatID: c.ID, fields: fields, expires: now.Add(5 * time.Minute)}
		writeJSON(w, http.StatusOK, map[string]any{"url": s.StorageURL() + "/upload", "fields": fields})
	}
}

// storageUpload accepts a POST-policy upload: every issued field, then the
// file, within the size limit.
func (s *Server) storageUpload(w http.ResponseWriter, r *http.Request) {
	mr, err := r.MultipartReader()
	if err != nil {
		writeStorageError(w, http.StatusBadRequest, "MalformedPOSTRequest", "The body of your POST request is not well-formed multipart/form-data.")
		return
	}
	got := map[string]string{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			writeStorageError(w, http.StatusBadRequest, "InvalidArgument", "POST requires exactly one file upload per request.")
			return
		}
		if err != nil {
			writeStorageError(w, http.StatusBadRequest, "MalformedPOSTRequest", err.Error())
			return
		}
		if part.FormName() != "file" {
			v, _ := io.ReadAll(io.LimitReader(part, 8<<10))
			got[part.FormName()] = string(v)
			continue
		}
		s.storeFile(w, got, part.Header.Get("Content-Type"), part)
		return
	}
}

func (s *Server) storeFile(w http.ResponseWriter, got map[string]string, partType string, file io.Reader) {
	s.mu.Lock()
	p, ok := s.pending[got["key"]]
	s.mu.Unlock()
	if !ok {
		writeStorageError(w, http.StatusForbidden, "AccessDenied", "Invalid according to Policy: unknown key")
		return
	}
	for name, want := range p.fields {
		if got[name] != want {
			writeStorageError(w, http.StatusForbidden, "AccessDenied", "Invalid according to Policy: field "+name)
			return
		}
	}
	if s.cfg.now().After(p.expires) {
		writeStorageError(w, http.StatusForbidden, "AccessDenied", "Invalid according to Policy: Policy expired.")
		return
	}
	if mt, _, _ := mime.ParseMediaType(partType); mt != "" && mt != p.kind.contentType {
		writeStorageError(w, http.StatusForbidden, "AccessDenied", "Invalid according to Policy: Content-Type")
		return
	}
	data, err := io.ReadAll(io.LimitReader(file, p.kind.maxBytes+1))
	if err != nil {
		writeStorageError(w, http.StatusBadRequest, "IncompleteBody", err.Error())
		return
	}
	if int64(len(data)) > p.kind.maxBytes {
		writeStorageError(w, http.StatusBadRequest, "EntityTooLarge", "Your proposed upload exceeds the maximum allowed size")
		return
	}
	key := got["key"]
	s.mu.Lock()
	delete(s.pending, key)
	s.objects[key] = object{kind: p.kind.name, chatID: p.chatID, contentType: p.kind.contentType, data: data}
	s.mu.Unlock()
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(http.StatusCreated)
	_, _ = fmt.Fprintf(w, "<PostResponse><Key>%s</Key></PostResponse>", key)
}

func writeStorageError(w http.ResponseWriter, status int, code, msg string) {
	w.Header().Set("Content-Type", "application/xml")
	w.WriteHeader(status)
	_, _ = fmt.Fprintf(w, "<Error><Code>%s</Code><Message>%s</Message></Error>", code, msg)
}

func (s *Server) storageGet(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	o, ok := s.objects[r.PathValue("key")]
	s.mu.Unlock()
	if !ok {
		writeStorageError(w, http.StatusNotFound, "NoSuchKey", "The specified key does not exist.")
		return
	}
	w.Header().Set("Content-Type", o.contentType)
	_, _ = w.Write(o.data)
}

func (s *Server) attach(k mediaKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var paths []string
		if k == kindPhoto {
			var b struct {
				Photo []struct {
					S3Path string `json:"s3_path"`
				} `json:"photo"`
			}
			if !decode(w, r, &b) {
				return
			}
			for _, p := range b.Photo {
				paths = append(paths, p.S3Path)
			}
		} else {
			var b struct {
				Video struct {
					S3Path  string `json:"s3_path"`
					GCSPath string `json:"gcs_path"`
				} `json:"video"`
			}
			if !decode(w, r, &b) {
				return
			}
			// The chat page's body has both s3_path and gcs_path; the
			// guide names only s3_path. One is needed; two must agree.
			v := b.Video
			if v.S3Path != "" && v.GCSPath != "" && v.S3Path != v.GCSPath {
				writeMessage(w, http.StatusBadRequest, "Invalid gcs_path")
				return
			}
			if p := cmp.Or(v.S3Path, v.GCSPath); p != "" {
				paths = append(paths, p)
			}
		}
		c := s.chat(w, r)
		if c == nil {
			return
		}
		defer s.mu.Unlock()
		if len(paths) == 0 {
			writeMessage(w, http.StatusBadRequest, "param is missing or the value is empty: "+k.name)
			return
		}
		var first *mediaRecord
		for _, key := range paths {
			o, ok := s.objects[key]
			if !ok || o.kind != k.name || o.chatID != c.ID {
				writeMessage(w, http.StatusBadRequest, "Invalid s3_path")
				return
			}
			rec := &mediaRecord{id: s.id(), chatID: c.ID, key: key, obj: o}
			s.media[rec.id] = rec
			if k == kindPhoto {
				c.Photos = append(c.Photos, rec.id)
			} else {
				c.Videos = append(c.Videos, rec.id)
			}
			if first == nil {
				first = rec
			}
		}
		writeJSON(w, http.StatusOK, s.renderMedia(first))
	}
}

func (s *Server) renderMedia(m *mediaRecord) map[string]any {
	return map[string]any{"url": s.StorageURL() + "/" + m.key, "media_id": m.id}
}

func (s *Server) listMedia(k mediaKind) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		c := s.chat(w, r)
		if c == nil {
			return
		}
		defer s.mu.Unlock()
		ids := c.Photos
		if k == kindVideo {
			ids = c.Videos
		}
		out := []map[string]any{}
		for _, id := range ids {
			out = append(out, s.renderMedia(s.media[id]))
		}
		writeJSON(w, http.StatusOK, out)
	}
}

func (s *Server) downloadMedia(w http.ResponseWriter, r *http.Request) {
	c := s.chat(w, r)
	if c == nil {
		return
	}
	mid, _ := strconv.ParseInt(r.PathValue("mid"), 10, 64)
	m, ok := s.media[mid]
	s.mu.Unlock()
	if !ok || m.chatID != c.ID {
		writeNotFound(w)
		return
	}
	w.Header().Set("Content-Type", m.obj.contentType)
	w.Header().Set("Content-Length", strconv.Itoa(len(m.obj.data)))
	_, _ = w.Write(m.obj.data)
}
