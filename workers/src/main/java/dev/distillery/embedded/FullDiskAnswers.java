package dev.distillery.embedded;

import dev.distillery.store.StorageFaults;
import java.io.InputStream;
import java.util.function.Supplier;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.blobstore.ForwardingBlobStore;
import org.gaul.s3proxy.blobstore.domain.MultipartUpload;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.UploadPartRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * Answers a write that fails on a full disk with S3's {@code 507 InsufficientStorage} (as MinIO
 * does) instead of letting the server log a stack trace and answer 500, which clients retry.
 */
final class FullDiskAnswers extends ForwardingBlobStore {
  FullDiskAnswers(BlobStore delegate) {
    super(delegate);
  }

  @Override
  public PutObjectResponse putBlob(PutObjectRequest request, InputStream input) {
    return write(request.key(), () -> super.putBlob(request, input));
  }

  @Override
  public CopyObjectResponse copyBlob(CopyObjectRequest request) {
    return write(request.destinationKey(), () -> super.copyBlob(request));
  }

  @Override
  public UploadPartResponse uploadMultipartPart(
      MultipartUpload upload, UploadPartRequest request, InputStream input) {
    return write(request.key(), () -> super.uploadMultipartPart(upload, request, input));
  }

  @Override
  public CompleteMultipartUploadResponse completeMultipartUpload(
      MultipartUpload upload, CompleteMultipartUploadRequest request) {
    return write(request.key(), () -> super.completeMultipartUpload(upload, request));
  }

  private static <T> T write(String key, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (!StorageFaults.isDiskFull(e)) {
        throw e;
      }
      throw S3Exception.builder()
          .statusCode(507)
          .awsErrorDetails(
              AwsErrorDetails.builder()
                  .errorCode("InsufficientStorage")
                  .errorMessage("No space left on device to store " + key)
                  .build())
          .build();
    }
  }
}
